import { BatonMark } from "@/components/ui/icons";
import { SignInForm } from "./sign-in-form";

export function SignInPage({ next }: { next: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <span className="mb-4 flex size-10 items-center justify-center rounded-lg bg-zinc-900 text-white">
            <BatonMark className="size-5" />
          </span>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Sign in to Baton</h1>
          <p className="mt-1 text-sm text-zinc-500">Use the account an admin created for you.</p>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          <SignInForm next={next} />
        </div>
        <p className="mt-6 text-center text-xs text-zinc-500">
          First start? The admin password was printed once in the server console.
        </p>
      </div>
    </main>
  );
}
