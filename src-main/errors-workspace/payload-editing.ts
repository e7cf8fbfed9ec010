import { z } from 'zod';
import { SECRET_MASK } from '../../src-preload/contract';
import type { JobPayloadSpec } from '../connectors/connector';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload as staff may see it: each secret field present shows the mask. */
export function maskPayload(payload: unknown, spec: JobPayloadSpec | undefined): unknown {
  if (!isObject(payload) || !spec?.secretFields?.length) return payload;
  const out: Record<string, unknown> = { ...payload };
  for (const f of spec.secretFields) if (f in out) out[f] = SECRET_MASK;
  return out;
}

/** A corrected payload with each mask put back to the stored secret (staff never typed it, so they cannot lose it). */
export function unmaskPayload(edited: unknown, original: unknown, spec: JobPayloadSpec | undefined): unknown {
  if (!isObject(edited) || !isObject(original) || !spec?.secretFields?.length) return edited;
  const out: Record<string, unknown> = { ...edited };
  for (const f of spec.secretFields) if (out[f] === SECRET_MASK) out[f] = original[f];
  return out;
}

/** The schema as JSON Schema, for the editor's help; a schema zod cannot express says so instead. */
export function schemaForEditor(spec: JobPayloadSpec): unknown {
  try {
    return z.toJSONSchema(spec.schema, { unrepresentable: 'any' });
  } catch {
    return { description: 'This payload has a shape of its own; saving checks it.' };
  }
}

/** The issues of a refused payload, by path, in plain words. */
export function payloadIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(payload)', message: i.message }));
}
