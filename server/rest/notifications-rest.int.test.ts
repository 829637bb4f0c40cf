/** Webhook settings over REST: admin keys only, the secret in the create / rotate answers only, validation with field errors, in the OpenAPI document. */
import { expect, it } from "vitest";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { describeEachDatabase } from "@/server/testing/databases";
import { handleRestRequest } from "./rest-handler";

const MASTER_KEY = "rest-notify-master-key-0123456789abcdef";

describeEachDatabase("REST notification webhooks", (get) => {
  it("an admin key creates, lists, updates, rotates and deletes webhooks; others are refused", async () => {
    const db = get().handle.db;
    const admin = (await createApiKey(db, { name: "admin", role: "admin", createdById: null })).key;
    const operator = (await createApiKey(db, { name: "op", role: "operator", createdById: null })).key;
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await handleRestRequest(
        new Request(`http://baton.test/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
        { db, events: { send: async () => {} }, masterKey: MASTER_KEY },
      );
      return { status: res.status, body: (await res.json()) as any };
    };

    expect((await call("GET", "/notification-webhooks", operator)).status).toBe(403);
    const bad = await call("POST", "/notification-webhooks", admin, { name: "x", url: "ftp://nope", scope: "role", target: "chef" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fieldErrors).sort()).toEqual(["target", "url"]);
    expect((await call("POST", "/notification-webhooks", admin, { name: "x", url: "https://hooks.example.com/a", scope: "process", target: "no-such-process" })).body.error.message).toContain('No process "no-such-process"');

    const created = await call("POST", "/notification-webhooks", admin, { name: "Reviewers", url: "https://hooks.example.com/a", scope: "role", target: "reviewer" });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.webhook).toMatchObject({ name: "Reviewers", events: ["escalation.opened", "escalation.near_sla", "escalation.breached"], nearSlaPercent: 80, enabled: true, failed: 0 });
    const id = created.body.webhook.id as string;

    const listed = await call("GET", "/notification-webhooks", admin);
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const patched = await call("PATCH", `/notification-webhooks/${id}`, admin, { nearSlaMinutes: 15, enabled: false });
    expect(patched.body).toMatchObject({ nearSlaMinutes: 15, enabled: false });
    expect((await call("PATCH", `/notification-webhooks/${id}`, admin, { target: "chef" })).status).toBe(400);

    const rotated = await call("POST", `/notification-webhooks/${id}/rotate-secret`, admin);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await call("GET", `/notification-webhooks/${id}/deliveries`, admin)).body).toEqual({ deliveries: [] });

    expect((await call("DELETE", `/notification-webhooks/${id}`, admin)).body).toEqual({ id });
    expect((await call("GET", `/notification-webhooks/${id}/deliveries`, admin)).status).toBe(404);
  });

  it("the OpenAPI document describes the webhook endpoints", async () => {
    const res = await handleRestRequest(new Request("http://baton.test/api/v1/openapi.json"), { db: get().handle.db, events: { send: async () => {} } });
    const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(Object.keys(doc.paths["/api/v1/notification-webhooks/{id}"]!).sort()).toEqual(["delete", "patch"]);
    expect(doc.paths["/api/v1/notification-webhooks"]!.post!.operationId).toBe("createNotificationWebhook");
    expect(doc.paths["/api/v1/notification-webhooks/{id}/deliveries/{deliveryId}/retry"]!.post!.operationId).toBe("retryNotificationDelivery");
  });
});
