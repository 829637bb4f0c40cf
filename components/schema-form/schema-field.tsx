"use client";

import type { ArraySchema, DataSchema, ObjectSchema } from "@/core/contracts";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChangedBadge, fieldId, isChanged, RequiredMark, useFormScope } from "./field-frame";
import { isLongText } from "./field-hints";
import { BooleanField, NumberField, StringField } from "./leaf-fields";
import { appendItem, emptyValue, getAt, humanize, moveItem, pathKey, removeItem, type Path } from "./value-model";

export interface FieldProps<S extends DataSchema = DataSchema> {
  schema: S;
  path: Path;
  label: string;
  name: string | null;
  required: boolean;
}

/** One field for one schema node, chosen by its type. */
export function SchemaField(props: FieldProps) {
  const { schema } = props;
  switch (schema.type) {
    case "object":
      return <ObjectField {...props} schema={schema} />;
    case "array":
      return <ArrayField {...props} schema={schema} />;
    case "string":
      return <StringField {...props} schema={schema} />;
    case "boolean":
      return <BooleanField {...props} schema={schema} />;
    default:
      return <NumberField {...props} schema={schema} />;
  }
}

/** Errors that belong to a group itself (a missing object, too few items), under its legend. */
function GroupErrors({ path }: { path: Path }) {
  const scope = useFormScope();
  const errors = scope.issues[pathKey(path)] ?? [];
  if (errors.length === 0) return null;
  return (
    <p id={`${fieldId(scope, path)}-error`} className="text-xs text-red-600" data-testid="field-error">
      {errors.join(" · ")}
    </p>
  );
}

function Legend({ label, required, path, description }: { label: string; required: boolean; path: Path; description?: string | undefined }) {
  const scope = useFormScope();
  return (
    <>
      <legend className="flex items-center px-1 text-sm font-medium text-zinc-800">
        {label}
        {required ? <RequiredMark /> : null}
        {isChanged(scope, path) ? <ChangedBadge /> : null}
      </legend>
      {description ? <p className="-mt-1 mb-1 text-xs text-zinc-500">{description}</p> : null}
    </>
  );
}

/** Short fields (numbers, choices, one-line text) share a row; groups and prose take the full width. */
function isWide(schema: DataSchema, key: string): boolean {
  // A checkbox beside a labelled input would sit out of line with it.
  if (schema.type === "object" || schema.type === "array" || schema.type === "boolean") return true;
  return schema.type === "string" && !schema.enum && isLongText(schema, key, undefined);
}

/** The fields of an object, in contract order; required ones are marked. */
export function ObjectBody({ schema, path }: { schema: ObjectSchema; path: Path }) {
  const required = new Set(schema.required ?? []);
  return (
    <div className="grid gap-x-4 gap-y-4 sm:grid-cols-2">
      {Object.entries(schema.properties).map(([key, prop]) => (
        <div key={key} className={cn("min-w-0", isWide(prop, key) && "sm:col-span-2")}>
          <SchemaField schema={prop} path={[...path, key]} label={humanize(key)} name={key} required={required.has(key)} />
        </div>
      ))}
    </div>
  );
}

function ObjectField({ schema, path, label, required }: FieldProps<ObjectSchema>) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-zinc-200 px-4 pt-2 pb-4" data-field-path={pathKey(path)}>
      <Legend label={label} required={required} path={path} description={schema.description} />
      <GroupErrors path={path} />
      <ObjectBody schema={schema} path={path} />
    </fieldset>
  );
}

function itemsHint(schema: ArraySchema): string | null {
  const { minItems: min, maxItems: max } = schema;
  if (min !== undefined && max !== undefined) return `${min}–${max} items`;
  if (min !== undefined) return `At least ${min} item${min === 1 ? "" : "s"}`;
  if (max !== undefined) return `At most ${max} item${max === 1 ? "" : "s"}`;
  return null;
}

/** A list whose items can be added, removed and reordered; each item is a field of `items`. */
function ArrayField({ schema, path, label, required }: FieldProps<ArraySchema>) {
  const scope = useFormScope();
  const raw = getAt(scope.value, path);
  const items = Array.isArray(raw) ? raw : [];
  const full = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const hint = itemsHint(schema);
  const singular = label.replace(/s$/, "") || label;
  return (
    <fieldset className="space-y-3 rounded-lg border border-zinc-200 px-4 pt-2 pb-4" data-field-path={pathKey(path)}>
      <Legend label={label} required={required} path={path} description={schema.description} />
      <GroupErrors path={path} />
      {items.length === 0 ? <p className="text-xs text-zinc-400">No items yet.</p> : null}
      <ol className="space-y-3">
        {items.map((_, index) => {
          const itemPath = [...path, index];
          const itemLabel = `${singular} ${index + 1}`;
          return (
            <li key={index} className={cn("rounded-md bg-zinc-50/70 p-3 ring-1 ring-zinc-100", schema.items.type === "object" ? "" : "flex items-end gap-2")}>
              <div className="flex items-center justify-between gap-2 pb-2" data-testid="array-item-toolbar">
                {schema.items.type === "object" ? <span className="text-xs font-medium text-zinc-600">{itemLabel}</span> : null}
                <div className="ml-auto flex gap-1">
                  <Button variant="ghost" size="sm" aria-label={`Move ${itemLabel} up`} disabled={scope.disabled || index === 0} onClick={() => scope.update((v) => moveItem(v, path, index, index - 1))}>
                    ↑
                  </Button>
                  <Button variant="ghost" size="sm" aria-label={`Move ${itemLabel} down`} disabled={scope.disabled || index === items.length - 1} onClick={() => scope.update((v) => moveItem(v, path, index, index + 1))}>
                    ↓
                  </Button>
                  <Button variant="ghost" size="sm" aria-label={`Remove ${itemLabel}`} disabled={scope.disabled} onClick={() => scope.update((v) => removeItem(v, path, index))}>
                    Remove
                  </Button>
                </div>
              </div>
              <div className={schema.items.type === "object" ? "" : "order-first min-w-0 flex-1"}>
                {schema.items.type === "object" ? (
                  <ObjectBody schema={schema.items} path={itemPath} />
                ) : (
                  <SchemaField schema={schema.items} path={itemPath} label={itemLabel} name={null} required />
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="flex items-center gap-3">
        <Button variant="secondary" size="sm" disabled={scope.disabled || full} onClick={() => scope.update((v) => appendItem(v, path, emptyValue(schema.items) ?? null))}>
          Add {singular.toLowerCase()}
        </Button>
        {hint ? <span className="text-xs text-zinc-500">{hint}</span> : null}
      </div>
    </fieldset>
  );
}
