import { Suspense } from "react";
import type { SessionUser } from "@/server/auth";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysSection } from "./api-keys-section";
import { ModelsSection } from "./models-section";
import { PricesSection } from "./prices-section";
import { ProvidersSection } from "./providers-section";
import { SecretsSection } from "./secrets-section";
import { NotificationsSection } from "./notifications-section";
import { UsersSection } from "./users-section";

function SectionSkeleton({ title }: { title: string }) {
  return (
    <Card title={title}>
      <div className="space-y-2 p-5" aria-busy="true">
        <div className="h-4 w-2/3 animate-pulse rounded bg-zinc-100" />
        <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-100" />
      </div>
    </Card>
  );
}

export function SettingsPage({ user }: { user: SessionUser }) {
  const isAdmin = user.role === "admin";
  return (
    <div className="space-y-8">
      <PageHeader
        title="Settings"
        description="Your account, the models and providers runs use, what they cost, secrets for tools, notifications, API keys and who can sign in."
      />
      <Card title="Your account">
        <dl className="grid grid-cols-1 gap-4 p-5 sm:grid-cols-3">
          <div>
            <dt className="text-xs font-medium text-zinc-500">Name</dt>
            <dd className="mt-1 text-zinc-900">{user.name}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-zinc-500">Email</dt>
            <dd className="mt-1 text-zinc-900">{user.email}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-zinc-500">Role</dt>
            <dd className="mt-1">
              <Badge>{user.role}</Badge>
            </dd>
          </div>
        </dl>
      </Card>
      <Suspense fallback={<SectionSkeleton title="Models" />}>
        <ModelsSection canEdit={isAdmin} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Providers" />}>
        <ProvidersSection canEdit={isAdmin} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Price table" />}>
        <PricesSection canEdit={isAdmin} />
      </Suspense>
      {isAdmin ? (
        <>
          <Suspense fallback={<SectionSkeleton title="Secrets" />}>
            <SecretsSection />
          </Suspense>
          <Suspense fallback={<SectionSkeleton title="Notifications" />}>
            <NotificationsSection />
          </Suspense>
          <Suspense fallback={<SectionSkeleton title="API keys" />}>
            <ApiKeysSection />
          </Suspense>
          <Suspense fallback={<SectionSkeleton title="Users" />}>
            <UsersSection currentUserId={user.id} />
          </Suspense>
        </>
      ) : (
        <p className="text-sm text-zinc-500">Models, providers and prices are changed by admins; secrets, API keys and users are managed by admins too. Ask an admin if you need a key, a secret or a new account.</p>
      )}
    </div>
  );
}
