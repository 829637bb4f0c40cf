/**
 * The sub-process step's version picker. The graph allows the version to be left out: the step
 * then runs the child process's latest published version at the time the step starts. A pinned
 * version always stays in the list, also when the child does not list it (or has not loaded yet),
 * so the select never silently shows another value than the graph holds.
 */
export const LATEST = "latest";

export interface VersionOption {
  value: string;
  label: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function versionOptions(published: ReadonlyArray<{ version: number; createdAt: Date }> | undefined, pinned: number | undefined): VersionOption[] {
  const list = [...(published ?? [])].sort((a, b) => b.version - a.version);
  const newest = list[0];
  const options: VersionOption[] = [
    { value: LATEST, label: newest ? `latest published (now v${newest.version})` : published ? "latest published (none yet)" : "latest published" },
    ...list.map((v) => ({ value: String(v.version), label: `v${v.version} · published ${day(v.createdAt)}` })),
  ];
  if (pinned !== undefined && !list.some((v) => v.version === pinned)) {
    options.push({ value: String(pinned), label: published ? `v${pinned} (not published)` : `v${pinned}` });
  }
  return options;
}

export const versionValue = (pinned: number | undefined) => (pinned === undefined ? LATEST : String(pinned));

/** The select's value back to the node field: `undefined` is "latest published". */
export const parseVersion = (value: string): number | undefined => (value === LATEST ? undefined : Number(value));
