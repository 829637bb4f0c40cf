/**
 * A set of node ids as a bitset over the graph's node numbering. Ancestor and dominator sets of
 * every node are unions and intersections of their predecessors' sets: with Set<string> that is
 * quadratic in strings and took seconds at 2,000 nodes; as words it is n²/32 integer operations.
 */
export class NodeSet {
  constructor(
    private readonly numbering: ReadonlyMap<string, number>,
    private readonly ids: readonly string[],
    readonly words: Uint32Array = new Uint32Array(Math.ceil(ids.length / 32)),
  ) {}

  has(id: string): boolean {
    const i = this.numbering.get(id);
    return i !== undefined && (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  get size(): number {
    let n = 0;
    for (let w of this.words) {
      while (w) {
        w &= w - 1;
        n++;
      }
    }
    return n;
  }

  /** The ids in the set, in node numbering (sorted id) order. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let k = 0; k < this.words.length; k++) {
      const w = this.words[k]!;
      if (!w) continue;
      for (let b = 0; b < 32; b++) if (w & (1 << b)) yield this.ids[k * 32 + b]!;
    }
  }

  /** A new set: this one plus `id`. */
  with(id: string): NodeSet {
    const copy = this.copy();
    copy.addIndex(this.numbering.get(id)!);
    return copy;
  }

  copy(): NodeSet {
    return new NodeSet(this.numbering, this.ids, this.words.slice());
  }

  /** In place. */
  addIndex(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  /** In place. */
  unionWith(other: NodeSet): void {
    for (let k = 0; k < this.words.length; k++) this.words[k]! |= other.words[k]!;
  }

  /** In place: this ∩ (other ∪ {index}), without allocating `other ∪ {index}`. */
  intersectWithPlus(other: NodeSet, index: number): void {
    const k = index >>> 5;
    const bit = 1 << (index & 31);
    const had = this.words[k]! & bit;
    this.intersectWith(other);
    this.words[k]! |= had;
  }

  /** In place. */
  intersectWith(other: NodeSet): void {
    for (let k = 0; k < this.words.length; k++) this.words[k]! &= other.words[k]!;
  }
}

/** Min-heap of strings: Kahn's algorithm with ties broken by id, without re-sorting per step. */
export class StringHeap {
  private readonly items: string[] = [];

  get length(): number {
    return this.items.length;
  }

  push(value: string): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): string | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
