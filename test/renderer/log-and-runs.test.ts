import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src-preload/contract';
import { formatAgo, formatShortTime } from '../../src-renderer/src/components/format';
import { entityLabel, entityRoute } from '../../src-renderer/src/components/entity-link';
import { formatExchange, formatJson, formatXml, type Token } from '../../src-renderer/src/features/log/exchange-format';
import { codeLines } from '../../src-renderer/src/features/log/exchange-view';
import { applyNextAttempts, presetRange, RANGE_PRESETS, startOfLocalDay, toLogFilter, EMPTY_FILTER } from '../../src-renderer/src/features/log/log-filter';
import { emptyRunText } from '../../src-renderer/src/features/sync-status/counts';

const text = (tokens: Token[]) => tokens.map((t) => t.text).join('');
const kinds = (tokens: Token[], kind: Token['kind']) => tokens.filter((t) => t.kind === kind).map((t) => t.text);

describe('request and response details', () => {
  it('indents JSON and names its keys, strings, numbers and literals', () => {
    const tokens = formatJson('{"name":"Ann","tags":["a",1],"ok":true,"none":null,"empty":{}}');
    expect(text(tokens)).toBe('{\n  "name": "Ann",\n  "tags": [\n    "a",\n    1\n  ],\n  "ok": true,\n  "none": null,\n  "empty": {}\n}');
    expect(kinds(tokens, 'key')).toEqual(['"name"', '"tags"', '"ok"', '"none"', '"empty"']);
    expect(kinds(tokens, 'number')).toEqual(['1']);
    expect(kinds(tokens, 'literal')).toEqual(['true', 'null']);
  });

  it('lays out a body cut off mid-way without losing a character of it', () => {
    const cut = '{"customers":[{"id":1,"name":"Peeters Druk';
    expect(text(formatJson(cut)).replace(/\s+/g, '')).toBe(cut.replace(/\s+/g, ''));
  });

  it('puts XML one element a line, text beside its element, attributes apart', () => {
    const tokens = formatXml('<?xml version="1.0"?><s:Envelope xmlns:s="urn:x"><s:Body><Ping/><Name>Ann</Name><Empty></Empty></s:Body></s:Envelope>');
    expect(text(tokens)).toBe('<?xml version="1.0"?>\n<s:Envelope xmlns:s="urn:x">\n  <s:Body>\n    <Ping/>\n    <Name>Ann</Name>\n    <Empty></Empty>\n  </s:Body>\n</s:Envelope>');
    expect(kinds(tokens, 'attr')).toEqual(['version', 'xmlns:s']);
    expect(kinds(tokens, 'text')).toEqual(['Ann']);
  });

  it('keeps masked secrets masked, and marks them', () => {
    const json = formatJson('{"password":"***","token":"ab***cd"}');
    expect(text(json)).toContain('"***"');
    expect(kinds(json, 'mask')).toEqual(['***', '***']);
    const xml = formatXml('<Login><Password>***</Password></Login>');
    expect(kinds(xml, 'mask')).toEqual(['***']);
    // Confirm's client cuts its password out of the SOAP text as "[redacted]": a mask too.
    const soap = formatXml('<Authentication><Password>[redacted]</Password><Tenant>t[redacted]x</Tenant><Key>********</Key></Authentication>');
    expect(kinds(soap, 'mask')).toEqual(['[redacted]', '[redacted]', '********']);
    expect(text(soap)).toContain('<Tenant>t[redacted]x</Tenant>');
  });

  it('splits a recorded exchange into its request line, request body and answer', () => {
    const parts = formatExchange('POST /customers -> 201\n> {"email":"a@b.c"}\n< <ok id="7"/>');
    expect(parts.map((p) => [p.role, p.language])).toEqual([['line', 'text'], ['request', 'json'], ['response', 'xml']]);
    expect(text(parts[0].tokens)).toBe('POST /customers -> 201');
    expect(formatExchange('just words')).toEqual([{ role: 'text', language: 'text', tokens: [{ kind: 'plain', text: 'just words' }] }]);
  });
});

describe('laid-out code breaks only between words', () => {
  const words = (tokens: Token[]) =>
    codeLines(tokens).map((l) => ({ indent: l.indent, words: l.words.map((w) => (typeof w === 'string' ? w : w.map((p) => p.text).join(''))) }));

  it('keeps each run between whitespace one word, its indentation glued to the line\'s first word', () => {
    const lines = words(formatXml('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Name>Ann Peeters</Name></s:Body></s:Envelope>'));
    expect(lines).toEqual([
      { indent: 0, words: ['<s:Envelope', ' ', 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'] },
      { indent: 2, words: ['  <s:Body>'] },
      { indent: 4, words: ['    <Name>Ann', ' ', 'Peeters</Name>'] },
      { indent: 2, words: ['  </s:Body>'] },
      { indent: 0, words: ['</s:Envelope>'] },
    ]);
  });

  it('loses no character, colours kept apart inside a word', () => {
    const tokens = formatJson('{"user":"syncdesk","password":"***"}');
    const lines = codeLines(tokens);
    expect(lines.map((l) => l.words.map((w) => (typeof w === 'string' ? w : w.map((p) => p.text).join(''))).join('')).join('\n')).toBe(text(tokens));
    const password = lines[2]!.words.find((w) => typeof w !== 'string' && w.some((p) => p.kind === 'mask'));
    expect(password).toEqual([{ kind: 'string', text: '"' }, { kind: 'mask', text: '***' }, { kind: 'string', text: '"' }]);
    expect(words(tokens)[2]).toEqual({ indent: 2, words: ['  "password":', ' ', '"***"'] });
  });
});

describe('the log\'s "Since yesterday" range', () => {
  // The console's times are in the zone the browser runs in; here the process's zone stands for it (Node reads TZ
  // again whenever it is set).
  const zoned = <T,>(tz: string, run: () => T): T => {
    const before = process.env.TZ;
    process.env.TZ = tz;
    try {
      return run();
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  };
  const since = RANGE_PRESETS.find((p) => p.label === 'Since yesterday')!;
  const fromOf = (now: Date) => toLogFilter({ ...EMPTY_FILTER, ...presetRange(since, now) });

  it('starts at the local midnight that began yesterday, open to now', () => {
    zoned('Pacific/Auckland', () => {
      // 3 Dec 2026, 09:30 in Auckland (UTC+13): yesterday began on 2 Dec at 00:00 there, 1 Dec 11:00 UTC.
      const now = new Date(Date.UTC(2026, 11, 2, 20, 30));
      expect(fromOf(now)).toEqual({ from: Date.UTC(2026, 11, 1, 11, 0) });
    });
    zoned('America/Los_Angeles', () => {
      // Just after midnight (00:05 on 3 Dec, UTC-8): yesterday is all of 2 Dec, from 08:00 UTC.
      const now = new Date(Date.UTC(2026, 11, 3, 8, 5));
      expect(fromOf(now)).toEqual({ from: Date.UTC(2026, 11, 2, 8, 0) });
    });
  });

  it('keeps a day of 23 or 25 hours whole across a clock change, where "24 hours ago" would not', () => {
    zoned('Europe/Brussels', () => {
      // Summer time began at 02:00 on Sun 29 Mar 2026 (a 23-hour day). On Mon 30 Mar at 10:00 (CEST, UTC+2)
      // yesterday began at 00:00 CET (UTC+1), 28 Mar 23:00 UTC; now less 24 h less today's hours would say 22:00.
      const now = new Date(Date.UTC(2026, 2, 30, 8, 0));
      expect(startOfLocalDay(now, 1)).toBe(Date.UTC(2026, 2, 28, 23, 0));
      expect(fromOf(now)).toEqual({ from: Date.UTC(2026, 2, 28, 23, 0) });
      // Winter time began at 03:00 on Sun 25 Oct 2026 (a 25-hour day): on Mon 26 Oct at 10:00 (CET), yesterday began
      // at 00:00 CEST, 24 Oct 22:00 UTC.
      expect(fromOf(new Date(Date.UTC(2026, 9, 26, 9, 0)))).toEqual({ from: Date.UTC(2026, 9, 24, 22, 0) });
    });
  });

  it('starts where a zone\'s day starts when midnight itself is skipped', () => {
    zoned('America/Santiago', () => {
      // Chile's clocks went from 00:00 to 01:00 on Sun 6 Sep 2026: that day began at 01:00 local (04:00 UTC).
      const now = new Date(Date.UTC(2026, 8, 7, 15, 0));
      expect(fromOf(now)).toEqual({ from: Date.UTC(2026, 8, 6, 4, 0) });
    });
  });
});

describe('times', () => {
  const now = new Date(2026, 11, 1, 15, 0, 0).getTime();
  it('never puts a past event in the future, however the clocks lag', () => {
    expect(formatAgo(now + 5_000, now)).toBe('just now');
    expect(formatAgo(now + 3_600_000, now)).toBe('just now');
    expect(formatAgo(now - 10 * 60_000, now)).toBe('10 min ago');
  });

  it('shows the date for a time that is not today, in the locale', () => {
    const today = new Date(2026, 11, 1, 9, 5, 7).getTime();
    const yesterday = new Date(2026, 10, 30, 9, 5, 7).getTime();
    const lastYear = new Date(2025, 5, 3, 9, 5, 7).getTime();
    expect(formatShortTime(today, now)).toBe(new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(today));
    expect(formatShortTime(yesterday, now)).toBe(new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(yesterday));
    expect(formatShortTime(lastYear, now)).toContain(new Intl.DateTimeFormat(undefined, { year: '2-digit' }).format(lastYear));
  });
});

describe('a run that lists no records', () => {
  const zero = { fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  it('says how many it checked when all were unchanged', () => {
    expect(emptyRunText({ ...zero, fetched: 2000, unchanged: 2000 })).toBe(`${(2000).toLocaleString()} checked, all unchanged.`);
    expect(emptyRunText(zero)).toBe('This run found no records to check.');
    expect(emptyRunText({ ...zero, fetched: 3, updated: 1, unchanged: 2 })).toMatch(/^3 checked: 3 fetched · 0 created · 1 updated/);
  });
});

describe('entity links', () => {
  it('opens the page of the records that have one, and names the rest in the screens\' words', () => {
    expect(entityRoute('case', '1')).toEqual({ name: 'cases', caseId: 1 });
    expect(entityRoute('sync_run', '4')).toEqual({ name: 'run', runId: 4 });
    expect(entityRoute('customer', '12')).toEqual({ name: 'customers', customerId: 12 });
    expect(entityRoute('account', '3')).toEqual({ name: 'accounts', accountId: 3 });
    expect(entityRoute('widget', '3')).toBeNull();
    expect(entityRoute('customer', 'ann@example.com')).toBeNull();
    expect(entityLabel({ entityType: 'sync_run', entityId: '4' })).toBe('run 4');
    expect(entityLabel({ entityType: 'price_override', entityId: '2' })).toBe('price override 2');
  });
});

describe('a live retry', () => {
  const entry = (id: number, more: Partial<LogEntry>): LogEntry => ({
    id, ts: id, connectorId: 'erp', action: 'push', entityType: null, entityId: null, outcome: 'dead', message: `line ${id}`, attempt: 10, jobId: 7, runId: null, dismissed: false, retryable: false, ...more,
  });
  it('shows the job\'s next line in the place of its failed one, and leaves other lines alone', () => {
    const loaded = [entry(3, { retryQueued: true }), entry(2, { jobId: 8 }), entry(1, { outcome: 'success' })];
    const next = applyNextAttempts(loaded, [entry(9, { outcome: 'success', attempt: 1, message: 'done' })]);
    expect(next[0]).toMatchObject({ id: 3, outcome: 'dead', nextAttempt: { id: 9, outcome: 'success', attempt: 1, message: 'done' } });
    expect(next[0].retryQueued).toBeUndefined();
    expect(next[1]).toBe(loaded[1]);
    expect(next[2]).toBe(loaded[2]);
    expect(applyNextAttempts(loaded, [entry(10, { jobId: null })])).toBe(loaded);
  });
});
