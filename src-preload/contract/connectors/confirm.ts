import { z } from 'zod';
import { Empty, RowId, Text } from '../common';
import {
  ConfirmLookupsView,
  CrmAgentView,
  EnquiryFieldCatalog,
  MappingRow,
  RuleCondition,
  RuleView,
  RULE_TRIGGERS,
  TemplatePreview,
  TemplateType,
  TemplateView,
} from '../case-models';

/** The Confirm connector's channels: mapping templates, the rules that apply them, lookups and the CRM Agent key. */
export const confirmChannels = {
  'templates:list': { input: Empty, output: z.array(TemplateView) },
  'templates:get': { input: z.object({ id: RowId }).strict(), output: TemplateView },
  // Validated against the reference's rules (Service and Subject codes on Create; the Customer group rule) and
  // against Confirm's lookups; failures come back as invalid_input with one issue per offending row.
  'templates:save': {
    input: z
      .object({ id: RowId.optional(), name: Text(120).min(1), type: TemplateType, referenceId: RowId, rows: z.array(MappingRow).max(200) })
      .strict(),
    output: TemplateView,
  },
  'templates:delete': { input: z.object({ id: RowId }).strict(), output: z.object({ deleted: z.boolean() }) },
  'templates:preview': {
    input: z
      .object({
        caseId: RowId,
        template: z.object({ type: TemplateType, referenceId: RowId, rows: z.array(MappingRow).max(200) }).strict(),
      })
      .strict(),
    output: TemplatePreview,
  },
  'templates:fields': { input: Empty, output: EnquiryFieldCatalog },
  'confirm:lookups': { input: z.object({ fresh: z.boolean().default(false) }).strict(), output: ConfirmLookupsView },
  'rules:list': { input: Empty, output: z.array(RuleView) },
  'rules:save': {
    input: z
      .object({
        id: RowId.optional(),
        name: Text(120).min(1),
        trigger: z.enum(RULE_TRIGGERS),
        conditions: z.array(RuleCondition).max(20).default([]),
        templateId: RowId,
        enabled: z.boolean().default(true),
        position: z.number().int().min(0).max(10_000).default(0),
      })
      .strict(),
    output: RuleView,
  },
  'rules:delete': { input: z.object({ id: RowId }).strict(), output: z.object({ deleted: z.boolean() }) },
  'confirm:crm-agent': { input: Empty, output: CrmAgentView },
  // Shown once: the new key is returned here and kept only in the keychain.
  'confirm:rotate-crm-agent-key': { input: Empty, output: CrmAgentView.extend({ newKey: z.string() }) },
  // Sandbox mode only (else 'conflict'): the simulated Confirm changes the case's Enquiry status as a Confirm user
  // would, then its CRM Agent posts the update to the listener; with the polling fallback on, the next poll finds it.
  'sandbox:confirm-status': {
    input: z.object({ caseId: RowId, statusCode: Text(20).min(1) }).strict(),
    output: z.object({
      enquiryNumber: z.string(),
      statusCode: z.string(),
      statusName: z.string(),
      delivery: z.enum(['crm-agent', 'poll']),
      /** What the case took from the update (the listener's answer), or where the update waits. */
      message: z.string(),
    }),
  },
} as const;
