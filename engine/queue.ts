/** Small scheduling primitives: a FIFO, a binary min-heap keyed by runAt, and the priority order of held-back items. */

export class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(v: T): void {
    this.items.push(v);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
  drainAll(): T[] {
    const out = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return out;
  }
}

export class MinHeap<T extends { runAt: number }> {
  private a: T[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): T | undefined {
    return this.a[0];
  }
  push(v: T): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.runAt <= a[i]!.runAt) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.runAt < a[m]!.runAt) m = l;
        if (r < a.length && a[r]!.runAt < a[m]!.runAt) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
  clear(): void {
    this.a = [];
  }
}

/**
 * Orders items held back for a slot before they are offered again. Items of a group with a `score` (a function
 * with `priority`) are sorted by it, lowest first, ties keeping their current order; they take the positions their
 * group already had, so groups never overtake each other and groups without a score keep their order.
 * Deterministic: the result depends only on the input order and the scores.
 */
export function prioritise<T>(items: T[], groupOf: (item: T) => string, scoreOf: (item: T) => number | undefined): T[] {
  const groups = new Map<string, number[]>();
  const scores: Array<number | undefined> = items.map(scoreOf);
  items.forEach((item, i) => {
    if (scores[i] === undefined) return;
    const g = groupOf(item);
    let l = groups.get(g);
    if (!l) groups.set(g, (l = []));
    l.push(i);
  });
  if (groups.size === 0) return items;
  const out = items.slice();
  for (const positions of groups.values()) {
    const sorted = positions.slice().sort((a, b) => scores[a]! - scores[b]! || a - b);
    positions.forEach((pos, k) => (out[pos] = items[sorted[k]!]!));
  }
  return out;
}
