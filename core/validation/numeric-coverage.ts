import type { BranchWhen } from "../graph/edges";

interface Interval {
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
}

function toIntervals(when: BranchWhen): Interval[] {
  switch (when.op) {
    case "eq":
      return typeof when.value === "number" ? [{ lo: when.value, loIncl: true, hi: when.value, hiIncl: true }] : [];
    case "in":
      return when.values
        .filter((v): v is number => typeof v === "number")
        .map((v) => ({ lo: v, loIncl: true, hi: v, hiIncl: true }));
    case "range": {
      let lo = -Infinity;
      let loIncl = false;
      let hi = Infinity;
      let hiIncl = false;
      if (when.gte !== undefined) [lo, loIncl] = [when.gte, true];
      if (when.gt !== undefined && when.gt >= lo) [lo, loIncl] = [when.gt, false];
      if (when.lte !== undefined) [hi, hiIncl] = [when.lte, true];
      if (when.lt !== undefined && when.lt <= hi) [hi, hiIncl] = [when.lt, false];
      return [{ lo, loIncl, hi, hiIncl }];
    }
  }
}

function toIntegerInterval(i: Interval): Interval | undefined {
  const lo = i.lo === -Infinity ? -Infinity : i.loIncl ? Math.ceil(i.lo) : Math.floor(i.lo) + 1;
  const hi = i.hi === Infinity ? Infinity : i.hiIncl ? Math.floor(i.hi) : Math.ceil(i.hi) - 1;
  return lo <= hi ? { lo, loIncl: true, hi, hiIncl: true } : undefined;
}

/**
 * Find a number no branch matches, or undefined when the branches cover every value.
 * For integer fields only whole numbers count (`< 5` and `>= 5` cover everything).
 */
export function uncoveredNumber(whens: BranchWhen[], integer: boolean): number | undefined {
  let intervals = whens.flatMap(toIntervals);
  if (integer) intervals = intervals.map(toIntegerInterval).filter((i): i is Interval => i !== undefined);
  intervals.sort((a, b) => a.lo - b.lo || Number(b.loIncl) - Number(a.loIncl));

  let reach: { v: number; incl: boolean } | undefined;
  for (const i of intervals) {
    if (!reach) {
      if (i.lo !== -Infinity) return integer ? i.lo - 1 : i.lo - 1;
      reach = { v: i.hi, incl: i.hiIncl };
      continue;
    }
    const gap = integer
      ? i.lo > reach.v + 1
      : i.lo > reach.v || (i.lo === reach.v && !i.loIncl && !reach.incl);
    if (gap) {
      if (integer) return reach.v + 1;
      if (!reach.incl) return reach.v;
      return (reach.v + i.lo) / 2;
    }
    if (i.hi > reach.v) reach = { v: i.hi, incl: i.hiIncl };
    else if (i.hi === reach.v) reach = { v: i.hi, incl: reach.incl || i.hiIncl };
  }
  if (!reach) return 0;
  if (reach.v === Infinity) return undefined;
  return integer || reach.incl ? reach.v + 1 : reach.v;
}
