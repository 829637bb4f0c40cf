import { describe, expect, it } from "vitest";
import { checkSecretUrlTemplate, SecretTargetInput, secretNamesIn, urlAllowedForSecret } from "./secret-scope";

describe("secret targets", () => {
  it("accepts hosts and http(s) URL prefixes, canonicalised", () => {
    expect(SecretTargetInput.parse(" API.Example.com ")).toBe("api.example.com");
    expect(SecretTargetInput.parse("localhost:8080")).toBe("localhost:8080");
    expect(SecretTargetInput.parse("HTTPS://Api.Example.com:443/v1/")).toBe("https://api.example.com/v1/");
    expect(SecretTargetInput.parse("http://127.0.0.1:9000")).toBe("http://127.0.0.1:9000/");
  });

  it.each(["javascript:alert(1)", "file:///etc/passwd", "ftp://files.example.com/", "https://user:pw@api.example.com/", "https://api.example.com/?x=1", "*.example.com", "api.example.com/v1", ""])(
    "refuses %j",
    (raw) => expect(SecretTargetInput.safeParse(raw).success).toBe(false),
  );
});

describe("urlAllowedForSecret (call time, on the rendered URL)", () => {
  const targets = ["https://erp.example.com/api/", "crm.example.com", "localhost:8080"];
  it.each([
    ["https://erp.example.com/api/po/7", true],
    ["https://erp.example.com/api/", true],
    ["https://erp.example.com/apix", false],
    ["https://erp.example.com/api/../admin", false],
    ["https://erp.example.com/api/%2e%2e/admin", false],
    ["http://erp.example.com/api/po/7", false],
    ["https://erp.example.com:8443/api/po", false],
    ["https://crm.example.com/anything?x=1", true],
    ["http://crm.example.com/anything", true],
    ["https://crm.example.com:444/x", false],
    ["https://evil.crm.example.com/x", false],
    ["https://crm.example.com.evil.io/x", false],
    ["https://crm.example.com@evil.io/x", false],
    ["https://user@crm.example.com/x", false],
    ["http://localhost:8080/x", true],
    ["http://localhost/x", false],
    ["https://evil.example/", false],
    ["not a url", false],
  ])("%s → %s", (url, ok) => expect(urlAllowedForSecret(url, targets)).toBe(ok));

  it("a secret bound to nothing may be sent nowhere", () => {
    expect(urlAllowedForSecret("https://erp.example.com/api/", [])).toBe(false);
  });
});

describe("checkSecretUrlTemplate (design time)", () => {
  const targets = ["https://erp.example.com/api", "crm.example.com"];
  it("needs the host to be literal", () => {
    for (const url of ["{{ input.url }}", "https://{{ input.host }}/api", "https://erp.example.com{{ input.path }}", "https://crm.example.com.{{ input.tld }}/x", "https://crm.example.com:{{ input.port }}/x"]) {
      expect(checkSecretUrlTemplate(url, targets), url).toEqual({ ok: false, reason: "templated-host" });
    }
  });

  it("refuses literal hosts outside the targets, naming the origin", () => {
    expect(checkSecretUrlTemplate("https://evil.example/collect/{{ input.id }}", targets)).toEqual({ ok: false, reason: "not-allowed", origin: "https://evil.example" });
    expect(checkSecretUrlTemplate("https://crm.example.com@evil.example/x", targets)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(checkSecretUrlTemplate("https://erp.example.com/other/{{ input.id }}", targets)).toMatchObject({ ok: false, reason: "not-allowed" });
  });

  it("a templated path must stay below a prefix target's path", () => {
    expect(checkSecretUrlTemplate("https://erp.example.com/api/po/{{ input.id }}", targets)).toEqual({ ok: true });
    expect(checkSecretUrlTemplate("https://erp.example.com/api/{{ input.id }}", targets)).toEqual({ ok: true });
    expect(checkSecretUrlTemplate("https://erp.example.com/api{{ input.id }}", targets)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(checkSecretUrlTemplate("https://erp.example.com/api?id={{ input.id }}", targets)).toEqual({ ok: true });
    expect(checkSecretUrlTemplate("https://crm.example.com/{{ input.path }}", targets)).toEqual({ ok: true });
    expect(checkSecretUrlTemplate("https://erp.example.com/api", targets)).toEqual({ ok: true });
  });
});

it("secretNamesIn finds every secret a template uses", () => {
  expect(secretNamesIn("Bearer {{ secrets.B }}", "{{secrets.A}}-{{ secrets.B }}", "{{ input.x }}")).toEqual(["A", "B"]);
});
