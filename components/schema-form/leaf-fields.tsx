"use client";

import { useState } from "react";
import type { BooleanSchema, NumberSchema, StringSchema } from "@/core/contracts";
import { Input, Select, Textarea } from "@/components/ui/field";
import { controlAria, FieldFrame, useFormScope } from "./field-frame";
import { boundsHint, EMAIL, isLongText, lengthHint, parseNumber, URL_NAME } from "./field-hints";
import { getAt, type Path } from "./value-model";

interface LeafProps<S> {
  schema: S;
  path: Path;
  label: string;
  /** The contract key (or null for an array item): drives format hints such as e-mail. */
  name: string | null;
  required: boolean;
}

export function StringField({ schema, path, label, name, required }: LeafProps<StringSchema>) {
  const scope = useFormScope();
  const value = getAt(scope.value, path);
  const text = typeof value === "string" ? value : "";
  // Decided once: swapping input for text area while someone types would drop their focus.
  const [long] = useState(() => isLongText(schema, name, value));
  const hint = lengthHint(schema);
  const aria = controlAria(scope, path, required, Boolean(schema.description || hint));
  // A cleared optional field is left out of the value; a required one stays "" so the key exists.
  const write = (next: string) => scope.set(path, next === "" && !required ? undefined : next);

  if (schema.enum) {
    return (
      <FieldFrame path={path} label={label} required={required} description={schema.description}>
        <Select {...aria} value={typeof value === "string" ? value : ""} disabled={scope.disabled} onChange={(e) => scope.set(path, e.target.value === "" ? undefined : e.target.value)}>
          <option value="">{required ? "Choose…" : "Not set"}</option>
          {typeof value === "string" && !schema.enum.includes(value) ? <option value={value}>{value} (not allowed)</option> : null}
          {schema.enum.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      </FieldFrame>
    );
  }
  if (long) {
    return (
      <FieldFrame path={path} label={label} required={required} description={schema.description} hint={hint}>
        <Textarea {...aria} rows={3} value={text} maxLength={schema.maxLength} disabled={scope.disabled} onChange={(e) => write(e.target.value)} />
      </FieldFrame>
    );
  }
  const email = name !== null && EMAIL.test(name);
  const url = name !== null && URL_NAME.test(name);
  return (
    <FieldFrame path={path} label={label} required={required} description={schema.description} hint={hint}>
      {/* type stays "text": the contract, not the browser, decides what is valid. */}
      <Input
        {...aria}
        type="text"
        inputMode={email ? "email" : url ? "url" : undefined}
        placeholder={email ? "name@example.com" : url ? "https://" : undefined}
        autoComplete="off"
        spellCheck={email || url ? false : undefined}
        value={text}
        maxLength={schema.maxLength}
        disabled={scope.disabled}
        onChange={(e) => write(e.target.value)}
      />
    </FieldFrame>
  );
}

export function NumberField({ schema, path, label, required }: LeafProps<NumberSchema>) {
  const scope = useFormScope();
  const value = getAt(scope.value, path);
  // What was typed ("1.", "-") is kept while it still means the stored value; otherwise show the value.
  const [typed, setTyped] = useState("");
  const shown = parseNumber(typed) === value ? typed : typeof value === "number" || typeof value === "string" ? String(value) : "";
  const hint = boundsHint(schema);
  return (
    <FieldFrame path={path} label={label} required={required} description={schema.description} hint={hint}>
      <Input
        {...controlAria(scope, path, required, true)}
        type="text"
        inputMode={schema.type === "integer" ? "numeric" : "decimal"}
        className="font-mono tabular-nums"
        value={shown}
        disabled={scope.disabled}
        onChange={(e) => {
          setTyped(e.target.value);
          scope.set(path, parseNumber(e.target.value));
        }}
      />
    </FieldFrame>
  );
}

export function BooleanField({ schema, path, label, required }: LeafProps<BooleanSchema>) {
  const scope = useFormScope();
  const value = getAt(scope.value, path);
  return (
    <FieldFrame path={path} label={label} required={required} description={schema.description} inline>
      <input
        {...controlAria(scope, path, required, Boolean(schema.description))}
        type="checkbox"
        className="size-4 rounded border-zinc-300 accent-zinc-900"
        checked={value === true}
        disabled={scope.disabled}
        onChange={(e) => scope.set(path, e.target.checked)}
      />
    </FieldFrame>
  );
}
