import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channels, fieldMessage, issueViews, labelOfPath, limitsOf, limitsOfShape, RegistrationInput, type IssueView } from '../../src-preload/contract';
import { cermSettingsSchema } from '../../src-main/connectors/cerm/settings';
import { mailSettingsSchema } from '../../src-main/mail/mail-settings';
import { payloadSummary } from '../../src-renderer/src/features/errors/payload-summary';
import { formatDateTime } from '../../src-renderer/src/components/format';
import { headlineAndDetail, issueText, messageFor, placeByField } from '../../src-renderer/src/components/field-issues';
import { SCHEMA_WORDING } from '../support/schema-wording';
import { namesFrom } from '../../src-renderer/src/components/source-names';

// Every channel's input schema is fed empty, too long and malformed input; whatever it refuses, worded by the one
// mapping every form uses, must read as plain words: no schema wording, no internal zero-based paths.

const LONG = 'x'.repeat(100_001);

interface Inspectable {
  def: { type: string; innerType?: Inspectable; in?: Inspectable; shape?: Record<string, unknown> };
  shape?: Record<string, Inspectable>;
}

function keysOf(schema: z.ZodType): string[] {
  let s = schema as unknown as Inspectable;
  for (let i = 0; i < 8 && !s.shape; i++) {
    const next = s.def.type === 'pipe' ? s.def.in : s.def.innerType;
    if (!next) break;
    s = next;
  }
  return Object.keys(s.shape ?? {});
}

/** The inputs the walk tries: nothing, each field emptied, too long, of the wrong kind, and malformed text. */
function badInputs(schema: z.ZodType): unknown[] {
  const keys = keysOf(schema);
  const out: unknown[] = [undefined, {}, '', 42];
  const bads: unknown[] = ['', '   ', LONG, 'not an email @ or url', -1, 1e12, 3.5, 'abc', true, [], { nested: 1 }, '\u0000'];
  for (const bad of bads) out.push(Object.fromEntries(keys.map((k) => [k, bad])));
  for (const k of keys) for (const bad of bads) out.push({ [k]: bad });
  return out;
}

function refusals(schema: z.ZodType): IssueView[] {
  const found: IssueView[] = [];
  for (const input of badInputs(schema)) {
    const r = schema.safeParse(input);
    if (!r.success) found.push(...issueViews(r.error));
  }
  return found;
}

function schemaWordingIn(text: string): RegExp | undefined {
  return SCHEMA_WORDING.find((re) => re.test(text));
}

describe('every contract issue reads as plain words', () => {
  const schemas: [string, z.ZodType][] = [
    ...Object.entries(channels).map(([name, def]): [string, z.ZodType] => [name, def.input as z.ZodType]),
    ['CERM settings', cermSettingsSchema],
    ['mail settings', mailSettingsSchema],
  ];

  it('walks every channel with empty, too long and malformed input and finds no schema wording', () => {
    let checked = 0;
    const bad: string[] = [];
    for (const [name, schema] of schemas) {
      for (const issue of refusals(schema)) {
        checked++;
        const standalone = issue.message;
        const labelled = issueText(issue);
        for (const text of [standalone, labelled]) {
          const hit = schemaWordingIn(text);
          if (hit) bad.push(`${name} ${issue.path}: "${text}" (${hit})`);
        }
        expect(labelled.length).toBeGreaterThan(3);
      }
    }
    // The walk really reached the schemas: thousands of refusals.
    expect(checked).toBeGreaterThan(1000);
    expect([...new Set(bad)].slice(0, 20)).toEqual([]);
  });

  it('names the field as the screen labels it and says what to do', () => {
    const r = RegistrationInput.safeParse({ email: 'nope', firstName: '', lastName: LONG });
    expect(r.success).toBe(false);
    const issues = issueViews(r.error!);
    const labels = { email: 'Email', firstName: 'First name', lastName: 'Last name' };
    expect(messageFor(issues, 'firstName', labels)).toBe('First name is required: fill it in.');
    expect(messageFor(issues, 'lastName', labels)).toBe('Last name can be at most 100 characters: shorten it.');
    expect(messageFor(issues, 'email', labels)).toMatch(/^Email: use a valid email address\.$/);
  });

  it('turns zero-based internal paths into the rows staff see', () => {
    expect(labelOfPath('rows.0.source')).toBe('Row 1 source');
    expect(labelOfPath('values.costCode')).toBe('Cost code');
    expect(fieldMessage({ path: 'rows.0.source', message: 'rows.0.source: the static text is empty' }, 'Row 1')).toBe('Row 1: the static text is empty.');
  });

  it('places issues under the form keys, wrapped or not, with the rest left for a list', () => {
    const { byField, other } = placeByField(
      [
        { path: 'values.port', message: 'Use 65535 or less.', rule: 'too_big', limit: 65535 },
        { path: 'patch.name', message: 'This is required.', rule: 'required' },
        { path: '', message: 'Something else went wrong.' },
      ],
      ['port', 'name'] as const,
      { port: 'Port', name: 'Name' },
    );
    expect(byField).toEqual({ port: ['Port must be 65535 or less.'], name: ['Name is required: fill it in.'] });
    expect(other).toEqual([{ path: '', message: 'Something else went wrong.' }]);
  });
});

describe('limits up front, from the schemas', () => {
  it('reads maxLength and required from the contract and the settings schemas', () => {
    expect(limitsOfShape(RegistrationInput, ['email', 'firstName', 'company'])).toEqual({
      email: { required: true, maxLength: 254 },
      firstName: { required: true, maxLength: 100 },
      company: { required: false, maxLength: 200 },
    });
    const cerm = limitsOfShape(cermSettingsSchema, ['pageSize', 'clientId', 'autoLinkDepartment']);
    expect(cerm.pageSize).toMatchObject({ min: 1, max: 5000 });
    expect(cerm.clientId?.required).toBe(true);
    expect(cerm.autoLinkDepartment?.required).toBe(false);
    expect(limitsOf(channels['templates:save'].input as z.ZodType).required).toBe(true);
  });
});

describe('a recorded reason as a headline', () => {
  it('leaves the errno to Details and keeps the words', () => {
    const msg = 'CERM customer list page 1: connection refused (ECONNREFUSED) (CERM at 127.0.0.1:9); 0 customers stored';
    expect(headlineAndDetail(msg)).toEqual({ headline: 'CERM customer list page 1: connection refused (CERM at 127.0.0.1:9); 0 customers stored', detail: msg });
    expect(headlineAndDetail('Downloaded 2,000 CERM customers.')).toEqual({ headline: 'Downloaded 2,000 CERM customers.', detail: undefined });
    // undici's codes and a bare timeout code go the same way.
    expect(headlineAndDetail('Pull widgets failed: connection reset (UND_ERR_SOCKET)').headline).toBe('Pull widgets failed: connection reset');
    expect(headlineAndDetail('the remote did not answer in time (TIMEOUT); gave up after 10 attempts').headline).toBe('the remote did not answer in time; gave up after 10 attempts');
  });
});

describe('a remote\'s own words', () => {
  it('go under Details, the headline saying in plain words what happened and what to do', () => {
    const dept = 'New enquiry: Confirm said "Validate new enquiry.Mandatory enquiry attribute DEPT (Depth (mm)) is missing" (not retried)';
    expect(headlineAndDetail(dept)).toEqual({
      headline: 'New enquiry: Confirm requires the Enquiry Attribute Depth (mm) (DEPT); not retried. Add a row for it to the template, then retry.',
      detail: dept,
    });
    // A fault the console has no words for: it says who refused, and where their words are.
    const fault = 'Update enquiry: Confirm said "Object reference not set to an instance of an object." (not retried)';
    expect(headlineAndDetail(fault)).toEqual({ headline: 'Update enquiry: Confirm refused it; not retried. What Confirm said is under Details.', detail: fault });
    const cerm = 'CERM customer list page 2: CERM answered HTTP 400 "Invalid \'pageSize\': must be <= 500"';
    expect(headlineAndDetail(cerm)).toEqual({ headline: 'CERM customer list page 2: CERM refused it. What CERM said is under Details.', detail: cerm });
    const signIn = 'Get lookups: Confirm refused the sign-in ("Error calling method of a PBNI object"): check the username, password and Tenant ID';
    expect(headlineAndDetail(signIn)).toEqual({ headline: 'Get lookups: Confirm refused the sign-in: check the username, password and Tenant ID', detail: signIn });
    // Nothing quoted: nothing moved.
    expect(headlineAndDetail('New enquiry: 000123 raised in Confirm').detail).toBeUndefined();
  });
});

describe('edit and retry', () => {
  it('reads a payload\'s epoch milliseconds as dates in the console\'s format, its other values as they are', () => {
    const firedAt = Date.UTC(2026, 11, 3, 12, 33, 46);
    const lines = payloadSummary({ caseId: 2, templateId: 1, firedAt, trigger: 'case_created', ruleId: null, event: { at: firedAt + 1, seq: 1796304826709 } });
    expect(lines).toEqual([
      { path: 'caseId', label: 'Case id', text: '2', isTime: false },
      { path: 'templateId', label: 'Template id', text: '1', isTime: false },
      { path: 'firedAt', label: 'Fired at', text: formatDateTime(firedAt), isTime: true },
      { path: 'trigger', label: 'Trigger', text: 'case_created', isTime: false },
      { path: 'ruleId', label: 'Rule id', text: '—', isTime: false },
      { path: 'event.at', label: 'Event at', text: formatDateTime(firedAt + 1), isTime: true },
      // A big number in a field not named as a time stays a number.
      { path: 'event.seq', label: 'Event seq', text: '1796304826709', isTime: false },
    ]);
  });
});

describe('tasks and job kinds by their names', () => {
  const names = namesFrom([
    { connectorId: 'confirm', name: 'Confirm', sources: [{ id: 'apply-template', name: 'Raise the Enquiry in Confirm', kind: 'job' }, { id: 'poll-status-changes', name: 'Poll Confirm', kind: 'task' }] },
  ]);
  it('names a job kind by its title and a run action by its task, never by the id', () => {
    expect(names.connector('confirm')).toBe('Confirm');
    expect(names.source('confirm', 'apply-template')).toBe('Raise the Enquiry in Confirm');
    expect(names.source('confirm', 'run:poll-status-changes')).toBe('Poll Confirm');
    // A source no connector names any more still reads as words.
    expect(names.source('confirm', 'old-kind')).toBe('Old kind');
  });
});
