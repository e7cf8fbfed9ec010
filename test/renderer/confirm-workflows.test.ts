import { describe, expect, it } from 'vitest';
import type { ConfirmLookupsView, LogEntry } from '../../src-preload/contract';
import { seedLookups } from '../../src-main/connectors/confirm/sandbox-data';
import { mandatoryAttributeHints } from '../../src-renderer/src/connectors/confirm/mappings/template-hints';
import { emptyDraft, type RowDraft, type TemplateDraft } from '../../src-renderer/src/connectors/confirm/mappings/template-draft';
import { standingFailures } from '../../src-renderer/src/features/cases/case-failures';

// The simulator's own lookups, shaped as the renderer caches them.
const seed = seedLookups(7);
const lookups: ConfirmLookupsView = {
  services: seed.services.map((s) => ({ code: s.code, name: s.name, subjects: s.subjects.map((x) => ({ code: x.code, name: x.name, attributeCodes: x.attributeTypeCodes })) })),
  attributeTypes: seed.attributeTypes.map((a) => ({ code: a.code, name: a.name, isDate: a.flag === 'D', mandatory: a.mandatory, values: a.values })),
  statuses: seed.statuses,
  customerTypes: seed.customerTypes,
  pointsOfContact: seed.pointsOfContact,
  enquiryMethods: seed.enquiryMethods,
  fetchedAt: 0,
  fromCache: true,
};

function withCodes(service: string, subject: string, extra: RowDraft[] = []): TemplateDraft {
  const d = emptyDraft('create_enquiry');
  const rows = d.rows.map((r, i): RowDraft => (r.direction === 'out' ? { ...r, source: { kind: 'static', value: i === 0 ? service : subject } } : r));
  return { ...d, rows: [...rows, ...extra] };
}

const attributeRow = (typeCode: string): RowDraft => ({ uid: 900, direction: 'out', target: { kind: 'attribute', typeCode }, source: { kind: 'case_builtin', key: 'title' } });

describe("Confirm's mandatory attributes in the template editor", () => {
  it('warns about DEPT for HW/PH until a row fills it, against the cached lookups', () => {
    const hints = mandatoryAttributeHints(withCodes('HW', 'PH'), lookups);
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/\(DEPT\) for service HW, subject PH: add a row for it/);
    expect(mandatoryAttributeHints(withCodes('HW', 'PH', [attributeRow('DEPT')]), lookups)).toEqual([]);
  });

  it('says nothing for a subject without mandatory attributes, unknown codes, or no lookups yet', () => {
    expect(mandatoryAttributeHints(withCodes('HW', 'SL'), lookups)).toEqual([]);
    expect(mandatoryAttributeHints(withCodes('XX', 'PH'), lookups)).toEqual([]);
    expect(mandatoryAttributeHints(withCodes('HW', 'PH'), null)).toEqual([]);
    expect(mandatoryAttributeHints(withCodes('WS', 'MB'), lookups)[0]).toMatch(/BINS/);
  });
});

describe("a case's failed integration", () => {
  const entry = (over: Partial<LogEntry>): LogEntry => ({
    id: 1, ts: 1, connectorId: 'confirm', action: 'apply-template', entityType: 'case', entityId: '4', outcome: 'dead',
    message: 'Confirm refused the Enquiry', attempt: 3, jobId: 7, runId: null, dismissed: false, retryable: true, ...over,
  });

  it('shows each failed job once, newest attempt first, and not what was retried or dismissed', () => {
    const log = [entry({ id: 1, ts: 1 }), entry({ id: 2, ts: 2, message: 'third attempt' }), entry({ id: 3, ts: 3, jobId: 8, dismissed: true }), entry({ id: 4, ts: 4, jobId: 9, retryable: false, outcome: 'success' })];
    expect(standingFailures(log).map((e) => [e.id, e.message])).toEqual([[2, 'third attempt']]);
    expect(standingFailures([])).toEqual([]);
  });
});
