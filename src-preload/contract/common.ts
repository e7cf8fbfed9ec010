import { z } from 'zod';

// Schema pieces every channel file shares.

export const RowId = z.number().int().positive();
/** A channel that takes nothing: `{}` or no input at all. */
export const Empty = z.object({}).strict().default({});
export const Text = (max: number) => z.string().trim().max(max);

/** One channel of the contract: its input schema (parsed in main) and its output's documented shape. */
export interface ChannelDef {
  input: z.ZodType;
  output: z.ZodType;
}
