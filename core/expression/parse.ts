import { parseRef } from "../graph/refs";
import type { CompareOp, Expr, ParseResult } from "./ast";

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "ident"; v: string }
  | { t: "op"; v: string }
  | { t: "eof" };

const OPS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")"];

class ParseError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: "op", v: op });
      i += op.length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = "";
      while (j < src.length && src[j] !== ch) {
        if (src[j] === "\\" && j + 1 < src.length) j++;
        value += src[j];
        j++;
      }
      if (j >= src.length) throw new ParseError(`unterminated string starting at position ${i + 1}`);
      tokens.push({ t: "str", v: value });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ t: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+|\[\d+\])*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ t: "ident", v: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new ParseError(`unexpected "${ch}" at position ${i + 1}`);
  }
  tokens.push({ t: "eof" });
  return tokens;
}

/** Parse a condition such as `output.confidence < 0.7 && !steps.check.output.ok`. */
export function parseExpression(source: string): ParseResult {
  try {
    const tokens = tokenize(source);
    let pos = 0;
    const peek = () => tokens[pos]!;
    const isOp = (v: string) => {
      const tok = peek();
      return tok.t === "op" && tok.v === v;
    };
    const expectOp = (v: string) => {
      if (!isOp(v)) throw new ParseError(`expected "${v}" ${where()}`);
      pos++;
    };
    const where = () => {
      const tok = peek();
      return tok.t === "eof" ? "at the end" : `before "${"v" in tok ? tok.v : ""}"`;
    };

    const parseOr = (): Expr => {
      let left = parseAnd();
      while (isOp("||")) {
        pos++;
        left = { type: "logical", op: "||", left, right: parseAnd() };
      }
      return left;
    };
    const parseAnd = (): Expr => {
      let left = parseNot();
      while (isOp("&&")) {
        pos++;
        left = { type: "logical", op: "&&", left, right: parseNot() };
      }
      return left;
    };
    const parseNot = (): Expr => {
      if (isOp("!")) {
        pos++;
        return { type: "not", expr: parseNot() };
      }
      return parseCompare();
    };
    const parseCompare = (): Expr => {
      const left = parsePrimary();
      const tok = peek();
      if (tok.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(tok.v)) {
        pos++;
        return { type: "compare", op: tok.v as CompareOp, left, right: parsePrimary() };
      }
      return left;
    };
    const parsePrimary = (): Expr => {
      const tok = peek();
      if (tok.t === "op" && tok.v === "(") {
        pos++;
        const inner = parseOr();
        expectOp(")");
        return inner;
      }
      if (tok.t === "num" || tok.t === "str") {
        pos++;
        return { type: "literal", value: tok.v };
      }
      if (tok.t === "ident") {
        pos++;
        if (tok.v === "true" || tok.v === "false") return { type: "literal", value: tok.v === "true" };
        if (tok.v === "null") return { type: "literal", value: null };
        const parsed = parseRef(tok.v);
        if (!parsed.ok) throw new ParseError(parsed.message);
        return { type: "ref", ref: parsed.ref, text: tok.v };
      }
      throw new ParseError(`expected a value or reference ${where()}`);
    };

    const expr = parseOr();
    if (peek().t !== "eof") throw new ParseError(`unexpected input ${where()}`);
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
}
