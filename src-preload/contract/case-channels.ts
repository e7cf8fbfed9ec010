import { z } from 'zod';
import { RowId, Empty, SafeRecord, SearchText, Text } from './common';
import {
  CaseAddress,
  CaseAttachmentView,
  CaseDetail,
  CaseFieldDef,
  CasePage,
  CaseStatus,
  CaseValue,
  CASE_FIELD_KINDS,
  ReferenceDef,
} from './case-models';


export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

// A media type as RFC 6838 names it (type "/" subtype, each a restricted-name) with RFC 9110 parameters (token or
// quoted string values); no space around the slash and no control character anywhere: it is served as a header.
export const MIME_TYPE_PATTERN =
  /^[A-Za-z0-9][\w!#$&^.+-]{0,126}\/[A-Za-z0-9][\w!#$&^.+-]{0,126}(?: *; *[\w!#$%&'*+.^`|~-]+=(?:[\w!#$%&'*+.^`|~-]+|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"))*$/;
export const MimeType = z
  .string()
  .max(255)
  .regex(MIME_TYPE_PATTERN, 'a MIME type: type/subtype with optional parameters, such as application/pdf or text/plain; charset=utf-8, and no control characters');

export const caseChannels = {
  'cases:list': {
    input: z.object({ q: SearchText(100).optional(), cursor: RowId.nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: CasePage,
  },
  'cases:get': { input: z.object({ id: RowId }).strict(), output: CaseDetail },
  // Creating or editing a case fires the rules (case_created / case_updated) in the same transaction.
  'cases:save': {
    input: z
      .object({
        id: RowId.optional(),
        title: Text(200).min(1, 'required'),
        description: Text(10_000).nullable().default(null),
        status: CaseStatus.default('new'),
        values: SafeRecord(z.string().max(40), CaseValue).default({}),
        personId: RowId.nullable().default(null),
        address: CaseAddress.nullable().default(null),
        dueAt: z.number().int().nullable().default(null),
      })
      .strict(),
    output: CaseDetail,
  },
  'cases:add-attachment': {
    input: z
      .object({
        caseId: RowId,
        fileName: Text(200)
          .min(1)
          .regex(/^[^/\\\0]+$/, 'a file name, not a path')
          .regex(/^\P{Cc}*$/u, 'a file name without control characters'),
        description: Text(2000).nullable().default(null),
        contentType: MimeType.default('application/octet-stream'),
        // Base64 of the file; the cap keeps one request sane over IPC and HTTP.
        contentBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
        /** When the file's link stops working (ms since 1970, in the future); null = no expiry. */
        linkExpiresAt: z.number().int().positive().nullable().default(null),
      })
      .strict(),
    output: CaseAttachmentView,
  },
  // The attachment's link answers 404 from now on (an Enquiry Document holding it stays, dead). Revoking twice is fine.
  'cases:revoke-attachment-link': { input: z.object({ attachmentId: RowId }).strict(), output: CaseAttachmentView },
  'case-fields:list': { input: Empty, output: z.array(CaseFieldDef) },
  'case-fields:save': {
    input: z
      .object({
        id: RowId.optional(),
        key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
        label: Text(100).min(1),
        kind: z.enum(CASE_FIELD_KINDS),
        options: z.array(Text(100).min(1)).max(200).default([]),
        required: z.boolean().default(false),
        position: z.number().int().min(0).max(10_000).default(0),
      })
      .strict(),
    output: CaseFieldDef,
  },
  'references:list': { input: Empty, output: z.array(ReferenceDef) },
  'references:save': {
    input: z.object({ id: RowId.optional(), name: Text(100).min(1), showOnCase: z.boolean().default(true) }).strict(),
    output: ReferenceDef,
  },
} as const;
