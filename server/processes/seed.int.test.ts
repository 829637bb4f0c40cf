import { expect, it } from "vitest";
import { exampleContext } from "@/core";
import { describeEachDatabase } from "@/server/testing/databases";
import { createSecretBox } from "@/server/crypto/secret-box";
import { listSecrets } from "@/server/settings/settings.service";
import { seedExampleProcesses } from "./seed";

const MASTER_KEY = "seed-test-master-key-0123456789abcdef0123";

describeEachDatabase("seeding example secrets", (get) => {
  it("binds the examples' secrets to their simulated hosts, also when they were stored before bindings existed", async () => {
    const { db } = get().handle;
    // An instance from before secrets had bindings: stored, bound to nothing ("[]").
    await db.secret.create({ data: { name: "ERP_TOKEN", valueEncrypted: createSecretBox(MASTER_KEY).seal("kept", "secret:ERP_TOKEN") } });
    const seeded = await seedExampleProcesses(db, { masterKey: MASTER_KEY });
    expect(seeded.processes.filter((p) => p.error)).toEqual([]);
    const secrets = Object.fromEntries((await listSecrets(db)).map((s) => [s.name, s.allowedUrls]));
    expect(secrets).toEqual(exampleContext.secretScopes);
    // The stored value is kept, only the binding is added.
    const row = await db.secret.findUniqueOrThrow({ where: { name: "ERP_TOKEN" } });
    expect(createSecretBox(MASTER_KEY).open(row.valueEncrypted, "secret:ERP_TOKEN")).toBe("kept");
    expect(seeded.processes.map((p) => p.status)).toEqual(["published", "published", "published"]);
  });
});
