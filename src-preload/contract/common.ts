import { z } from 'zod';

// Schema pieces every channel file shares.

export const RowId = z.number().int().positive();
/** A channel that takes nothing: `{}` or no input at all. */
export const Empty = z.object({}).strict().default({});
export const Text = (max: number) => z.string().trim().max(max);
/** The longest text one connection setting may hold (connections:save refuses more); a settings schema may set less. */
export const SETTING_TEXT_MAX = 4_096;
/**
 * Text typed into a search box. Control characters (C0 such as NUL, DEL, C1) are refused, not stripped: a NUL broke
 * FTS5's query syntax and matched every row in LIKE searches, and nobody types one on purpose. Leading and trailing
 * whitespace (a pasted newline or tab) is trimmed first, as in Text.
 */
export const SearchText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^\P{Cc}*$/u, 'search text must not contain control characters (NUL, tab, line breaks and the like)');

/** One channel of the contract: its input schema (parsed in main) and its output's documented shape. */
export interface ChannelDef {
  input: z.ZodType;
  output: z.ZodType;
}

/**
 * Keys that name Object.prototype's machinery. zod's records drop an own `__proto__` key without a word (the value is
 * never even checked), and `constructor` / `prototype` make a lookup in a plain object answer with a prototype's member.
 * No setting, case field or code is called that, so input records refuse them.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
export const isReservedKey = (key: string): boolean => RESERVED_KEYS.includes(key);

/** Marks the guard in a schema's metadata, so a test can check that every input record has it. */
export const RESERVED_KEY_GUARD = 'syncdesk.reservedKeysRefused';

/**
 * z.record for input: the same keys and values, and an own `__proto__`, `constructor` or `prototype` key is an issue
 * at that key ("values.__proto__"), looked for before the record drops it.
 */
export function SafeRecord<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V) {
  const record = z.record(key, value);
  return z
    .preprocess<unknown, typeof record, z.input<typeof record>>((input, ctx) => {
      if (typeof input === 'object' && input !== null && !Array.isArray(input))
        for (const k of Object.keys(input))
          if (isReservedKey(k)) ctx.issues.push({ code: 'custom', path: [k], message: `"${k}" cannot be used as a key`, input });
      return input;
    }, record)
    .meta({ [RESERVED_KEY_GUARD]: true });
}
