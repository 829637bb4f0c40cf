/**
 * Port step ids (docs/core.md): `<nodeId>[#i.j][/suffix…]`. A step record is keyed by the base
 * (node id plus loop iteration) and an attempt number; the full port id is kept in `detail`.
 */
export function baseStepId(portStepId: string): string {
  const slash = portStepId.indexOf("/");
  return slash < 0 ? portStepId : portStepId.slice(0, slash);
}

export function nodeIdOf(portStepId: string): string {
  return baseStepId(portStepId).split("#")[0]!;
}

/**
 * Numbers the calls of one step in the order the interpreter makes them (1, 2, …): the primary
 * call, fallbacks and retries (`/call-n`), the repair (`/repair`). The interpreter asks for the
 * same ids in the same order on every replay, so the numbering is stable.
 */
export class AttemptCounter {
  private readonly perBase = new Map<string, number>();
  private readonly byId = new Map<string, number>();

  next(portStepId: string): number {
    const known = this.byId.get(portStepId);
    if (known !== undefined) return known;
    const base = baseStepId(portStepId);
    const n = (this.perBase.get(base) ?? 0) + 1;
    this.perBase.set(base, n);
    this.byId.set(portStepId, n);
    return n;
  }

  get(portStepId: string): number {
    return this.byId.get(portStepId) ?? this.next(portStepId);
  }
}
