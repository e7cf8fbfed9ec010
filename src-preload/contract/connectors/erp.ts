import { z } from 'zod';
import { Empty } from '../common';

// The ERP connection's own channels (the accounts themselves are the platform's: account-channels.ts).

export const erpChannels = {
  // Sandbox mode: edits some accounts "in the ERP" (terms, rep code, price level), so the next sync overwrites them.
  'erp:sandbox-change-accounts': {
    input: z.object({ count: z.number().int().min(1).max(1000).default(10), accountNumbers: z.array(z.string().max(30)).max(100).optional() }).strict(),
    output: z.object({ changed: z.array(z.string()) }),
  },
  // The incremental accounts sync's cursor (the ERP's LastModifiedDateTime it reads from), and its Reset.
  'erp:accounts-cursor': { input: Empty, output: z.object({ at: z.number().nullable(), savedAt: z.number().nullable() }) },
  'erp:reset-accounts-cursor': { input: Empty, output: z.object({ at: z.number().nullable(), savedAt: z.number().nullable() }) },
} as const;
