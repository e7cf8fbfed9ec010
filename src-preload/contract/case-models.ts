import { z } from 'zod';
import { LogEntry } from './models';
import { SafeRecord } from './common';

export const CASE_FIELD_KINDS = ['text', 'long_text', 'number', 'date', 'choice'] as const;
export const CaseFieldDef = z.object({
  id: z.number(),
  key: z.string(),
  label: z.string(),
  kind: z.enum(CASE_FIELD_KINDS),
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number(),
});
export type CaseFieldDef = z.infer<typeof CaseFieldDef>;

export const CASE_STATUSES = ['new', 'open', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseAddress = z.object({
  name: z.string().max(200).nullable(),
  street: z.string().max(200).nullable(),
  number: z.string().max(40).nullable(),
  postalCode: z.string().max(20).nullable(),
  city: z.string().max(100).nullable(),
  country: z.string().max(100).nullable(),
  x: z.number().nullable(),
  y: z.number().nullable(),
  siteCode: z.string().max(40).nullable(),
  centralAssetId: z.string().max(40).nullable(),
});
export type CaseAddress = z.infer<typeof CaseAddress>;

export const CaseValue = z.union([z.string().max(10_000), z.number(), z.null()]);

export const CaseView = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  status: CaseStatus,
  values: z.record(z.string(), CaseValue),
  personId: z.number().nullable(),
  personName: z.string().nullable(),
  address: CaseAddress.nullable(),
  dueAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type CaseView = z.infer<typeof CaseView>;

export const CaseReferenceValue = z.object({ referenceId: z.number(), name: z.string(), value: z.string().nullable(), updatedAt: z.number().nullable() });

export const CaseAttachmentView = z.object({
  id: z.number(),
  fileName: z.string(),
  description: z.string().nullable(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.number(),
  // The link Confirm's users follow (an Enquiry Document): a random capability per attachment, or, for an attachment
  // added before links were capabilities, the legacy link (its token is the file's SHA-256), kept until revoked.
  linkLegacy: z.boolean(),
  /** When staff revoked the link; it answers 404 since. */
  linkRevokedAt: z.number().nullable(),
  /** When the link stops working; null = no expiry. */
  linkExpiresAt: z.number().nullable(),
});
export type CaseAttachmentView = z.infer<typeof CaseAttachmentView>;

export const CaseDetail = z.object({
  case: CaseView,
  fields: z.array(CaseFieldDef),
  references: z.array(CaseReferenceValue),
  attachments: z.array(CaseAttachmentView),
  log: z.array(LogEntry),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CasePage = z.object({ cases: z.array(CaseView), nextCursor: z.number().nullable() });

export const ReferenceDef = z.object({ id: z.number(), name: z.string(), showOnCase: z.boolean() });
export type ReferenceDef = z.infer<typeof ReferenceDef>;

export const TEMPLATE_TYPES = ['create_enquiry', 'update_enquiry', 'enquiry_updated'] as const;
export const TemplateType = z.enum(TEMPLATE_TYPES);
export type TemplateType = z.infer<typeof TemplateType>;

// Where an outgoing value comes from (a case field value, a case date, the linked person or address, or static text).
export const MappingSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case_field'), key: z.string().min(1).max(40) }),
  z.object({ kind: z.literal('case_date'), key: z.enum(['created', 'updated', 'due', 'closed']) }),
  // The case's own fields, there on every case whatever fields staff define.
  z.object({ kind: z.literal('case_builtin'), key: z.enum(['title', 'description', 'id']) }),
  z.object({ kind: z.literal('case_status') }),
  z.object({ kind: z.literal('person'), key: z.enum(['firstName', 'lastName', 'fullName', 'email', 'phone', 'company', 'accountNumber']) }),
  z.object({ kind: z.literal('address'), key: z.enum(['name', 'street', 'number', 'postalCode', 'city', 'country', 'x', 'y', 'siteCode', 'centralAssetId', 'oneLine']) }),
  z.object({ kind: z.literal('static'), value: z.string().max(2000) }),
]);
export type MappingSource = z.infer<typeof MappingSource>;

// An Enquiry field by its Confirm element name, or an Enquiry Attribute whose type code is static text or a case
// field placeholder such as {{case.issue_type}}.
export const EnquiryTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), name: z.string().min(1).max(60) }),
  z.object({ kind: z.literal('attribute'), typeCode: z.string().min(1).max(200) }),
]);
export type EnquiryTarget = z.infer<typeof EnquiryTarget>;

// Incoming: an Enquiry value (field or attribute) written to a case field or the case status (codes mapped both ways).
export const CaseTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case_field'), key: z.string().min(1).max(40) }),
  z.object({ kind: z.literal('case_status'), map: SafeRecord(z.string().max(20), CaseStatus) }),
]);
export type CaseTarget = z.infer<typeof CaseTarget>;

export const MappingRow = z.discriminatedUnion('direction', [
  z.object({ direction: z.literal('out'), target: EnquiryTarget, source: MappingSource }),
  z.object({ direction: z.literal('in'), source: EnquiryTarget, target: CaseTarget }),
]);
export type MappingRow = z.infer<typeof MappingRow>;

export const TemplateView = z.object({
  id: z.number(),
  name: z.string(),
  type: TemplateType,
  referenceId: z.number(),
  referenceName: z.string(),
  rows: z.array(MappingRow),
  updatedAt: z.number(),
});
export type TemplateView = z.infer<typeof TemplateView>;

export const RULE_TRIGGERS = ['case_created', 'case_updated', 'attachment_added'] as const;
export const RuleCondition = z.object({
  // A case field key, or 'status' / 'title'.
  field: z.string().min(1).max(40),
  op: z.enum(['equals', 'not_equals', 'contains', 'is_set', 'is_empty']),
  value: z.string().max(500).default(''),
});
export type RuleCondition = z.infer<typeof RuleCondition>;

export const RuleView = z.object({
  id: z.number(),
  name: z.string(),
  trigger: z.enum(RULE_TRIGGERS),
  conditions: z.array(RuleCondition),
  templateId: z.number(),
  templateName: z.string(),
  enabled: z.boolean(),
  position: z.number(),
});
export type RuleView = z.infer<typeof RuleView>;

export const CodeName = z.object({ code: z.string(), name: z.string() });
export const ConfirmLookupsView = z.object({
  services: z.array(CodeName.extend({ subjects: z.array(CodeName.extend({ attributeCodes: z.array(z.string()) })) })),
  attributeTypes: z.array(CodeName.extend({ isDate: z.boolean(), mandatory: z.boolean(), values: z.array(CodeName) })),
  statuses: z.array(CodeName),
  customerTypes: z.array(CodeName),
  pointsOfContact: z.array(CodeName),
  enquiryMethods: z.array(CodeName),
  fetchedAt: z.number(),
  fromCache: z.boolean(),
});
export type ConfirmLookupsView = z.infer<typeof ConfirmLookupsView>;

export const EnquiryFieldCatalog = z.object({
  outgoingCreate: z.array(z.object({ name: z.string(), label: z.string(), customer: z.boolean() })),
  outgoingUpdate: z.array(z.object({ name: z.string(), label: z.string() })),
  incoming: z.array(z.object({ name: z.string(), label: z.string() })),
});
export type EnquiryFieldCatalog = z.infer<typeof EnquiryFieldCatalog>;

export const TemplatePreview = z.object({
  operation: z.string(),
  // The SOAP request body that would be sent (password masked).
  xml: z.string(),
  fields: z.array(z.object({ name: z.string(), value: z.string() })),
  problems: z.array(z.string()),
});
export type TemplatePreview = z.infer<typeof TemplatePreview>;

export const CrmAgentView = z.object({ key: z.enum(['set', 'not set', 'unavailable']), url: z.string().nullable() });
