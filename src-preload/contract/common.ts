import { z } from 'zod';

// Schema pieces every channel file shares.

export const RowId = z.number().int().positive();
/** A channel that takes nothing: `{}` or no input at all. */
export const Empty = z.object({}).strict().default({});
export const Text = (max: number) => z.string().trim().max(max);
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
