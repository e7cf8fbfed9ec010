import type { z } from 'zod';

// The limits a schema enforces, read from the schema itself so a form can show them up front (maxLength on the input,
// a required mark) and they never drift from what the contract refuses.

export interface FieldLimits {
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
}

interface Inspectable {
  def: { type: string; innerType?: Inspectable; in?: Inspectable; out?: Inspectable };
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  format?: string | null;
}

export function limitsOf(schema: z.ZodType): FieldLimits {
  let s = schema as unknown as Inspectable;
  let required = true;
  for (let depth = 0; depth < 8; depth++) {
    const { type, innerType } = s.def;
    if (type === 'optional' || type === 'nullable' || type === 'default' || type === 'prefault') {
      if (type !== 'default' && type !== 'prefault') required = false;
      s = innerType!;
    } else if (type === 'pipe') s = s.def.in!;
    else break;
  }
  const limits: FieldLimits = { required };
  if (s.def.type === 'string') {
    // An empty string passes a plain string schema: only a minimum length or a format (email) makes it required.
    if (!s.minLength && !s.format) limits.required = false;
    if (typeof s.maxLength === 'number') limits.maxLength = s.maxLength;
  }
  if (s.def.type === 'number') {
    if (typeof s.minValue === 'number' && Number.isFinite(s.minValue)) limits.min = s.minValue;
    if (typeof s.maxValue === 'number' && Number.isFinite(s.maxValue)) limits.max = s.maxValue;
  }
  if (s.def.type === 'boolean') limits.required = false;
  return limits;
}

/** Limits of each key of an object schema; keys the schema does not have are left out. */
export function limitsOfShape(schema: z.ZodType, keys: readonly string[]): Record<string, FieldLimits> {
  let s = schema as unknown as Inspectable & { shape?: Record<string, z.ZodType> };
  while (!s.shape && (s.def.type === 'pipe' || s.def.innerType)) s = (s.def.type === 'pipe' ? s.def.in : s.def.innerType) as typeof s;
  const shape = s.shape ?? {};
  return Object.fromEntries(keys.filter((k) => shape[k]).map((k) => [k, limitsOf(shape[k]!)]));
}
