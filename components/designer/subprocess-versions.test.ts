import { describe, expect, it } from "vitest";
import { LATEST, parseVersion, versionOptions, versionValue } from "./subprocess-versions";

const published = [
  { version: 1, createdAt: new Date("2026-10-01T09:00:00Z") },
  { version: 3, createdAt: new Date("2026-11-20T23:30:00Z") },
  { version: 2, createdAt: new Date("2026-11-02T12:00:00Z") },
];

describe("sub-process version picker", () => {
  it("offers latest published first, then the published versions newest first with their dates", () => {
    expect(versionOptions(published, undefined)).toEqual([
      { value: LATEST, label: "latest published (now v3)" },
      { value: "3", label: "v3 · published 2026-11-20" },
      { value: "2", label: "v2 · published 2026-11-02" },
      { value: "1", label: "v1 · published 2026-10-01" },
    ]);
  });

  it("keeps a pinned version the child does not list, marked as not published", () => {
    const options = versionOptions(published, 7);
    expect(options.at(-1)).toEqual({ value: "7", label: "v7 (not published)" });
    expect(options.filter((o) => o.value === "3")).toHaveLength(1);
    expect(versionOptions(published, 2).filter((o) => o.value === "2")).toHaveLength(1);
  });

  it("says when the child has no published version, and stays neutral while versions load", () => {
    expect(versionOptions([], undefined)).toEqual([{ value: LATEST, label: "latest published (none yet)" }]);
    expect(versionOptions(undefined, 4)).toEqual([
      { value: LATEST, label: "latest published" },
      { value: "4", label: "v4" },
    ]);
  });

  it("maps latest to an unpinned version and back", () => {
    expect(versionValue(undefined)).toBe(LATEST);
    expect(versionValue(5)).toBe("5");
    expect(parseVersion(LATEST)).toBeUndefined();
    expect(parseVersion("5")).toBe(5);
  });
});
