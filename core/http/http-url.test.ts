import { describe, expect, it } from "vitest";
import { HttpUrl } from "./http-url";

describe("HttpUrl", () => {
  it.each(["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://files.example.com", "https://", "not a url"])("refuses %j", (url) => {
    const result = HttpUrl.safeParse(url);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("http:// or https://");
  });

  it.each(["http://localhost:11434/v1", "https://api.openai.com/v1", "http://127.0.0.1:8080", "http://[::1]:8080/v1"])("accepts %j", (url) => {
    expect(HttpUrl.safeParse(url).success).toBe(true);
  });
});
