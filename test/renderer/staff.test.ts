// Team > Users and Team > Audit: the pure parts (the audit diff, the audit filter, generated passwords, the nav).
import { describe, expect, it } from 'vitest';
import { auditDiff, changedCount } from '../../src-renderer/src/features/staff/audit-diff';
import { auditQuery } from '../../src-renderer/src/features/staff/audit-store';
import { generatedPassword } from '../../src-renderer/src/features/staff/generated-password';
import { navShown } from '../../src-renderer/src/app/nav-items';
import type { NavItem } from '../../src-renderer/src/connectors/registry';

describe('the audit diff', () => {
  it('lists each leaf by its path, marked changed, added, removed or the same', () => {
    const rows = auditDiff({ name: 'Old', rows: [{ v: 'HW' }, { v: 'PH' }], secret: '••••' }, { name: 'New', rows: [{ v: 'HW' }], extra: true, secret: '••••' });
    expect(rows).toEqual([
      { path: 'name', before: 'Old', after: 'New', change: 'changed' },
      { path: 'rows.0.v', before: 'HW', after: 'HW', change: 'same' },
      { path: 'extra', before: undefined, after: 'true', change: 'added' },
      { path: 'secret', before: '••••', after: '••••', change: 'same' },
      { path: 'rows.1.v', before: 'PH', after: undefined, change: 'removed' },
    ]);
    expect(changedCount(rows)).toBe(3);
  });

  it('shows an emptied list, a line without a before as asked, and nothing for nothing', () => {
    expect(auditDiff({ tags: ['a'] }, { tags: [] })).toEqual([
      { path: 'tags', before: undefined, after: '[]', change: 'added' },
      { path: 'tags.0', before: 'a', after: undefined, change: 'removed' },
    ]);
    expect(auditDiff(null, { connectorId: 'cerm' })).toEqual([{ path: 'connectorId', before: undefined, after: 'cerm', change: 'added' }]);
    expect(auditDiff(null, null)).toEqual([]);
  });
});

describe('the audit filter', () => {
  it('turns local days into the contract’s from and to, the to day included whole', () => {
    const q = auditQuery({ actorId: 3, fromDay: '2026-12-01', toDay: '2026-12-02' });
    expect(q).toEqual({ actorId: 3, from: new Date('2026-12-01T00:00').getTime(), to: new Date('2026-12-03T00:00').getTime() });
    expect(auditQuery({})).toEqual({});
    expect(auditQuery({ fromDay: 'not a day' })).toEqual({});
  });
});

describe('a generated first password', () => {
  it('is 20 characters of an alphabet without look-alikes, every character equally likely', () => {
    const p = generatedPassword();
    expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(generatedPassword()).not.toBe(p);
    // Bytes at or over the largest multiple of the alphabet's size are thrown away, not folded onto its start.
    let calls = 0;
    const biased = (b: Uint8Array<ArrayBuffer>) => b.fill(calls++ === 0 ? 255 : 0);
    expect(generatedPassword(4, biased)).toBe('AAAA');
    expect(calls).toBe(2);
  });
});

describe('the nav', () => {
  const items: NavItem[] = [
    { route: 'log', label: 'Log', icon: 'th-list', testId: 'nav-log' },
    { route: 'staff-users', label: 'Users', icon: 'people', testId: 'nav-staff-users', shownWhen: (w) => w.role === 'admin' },
    { route: 'team-server', label: 'Team server', icon: 'globe-network', testId: 'nav-team-server', shownWhen: (w) => w.mode === 'electron' },
  ];
  it('shows the Users screen to a team server’s admin only, and Team server in the desktop window only', () => {
    const ids = (mode: 'electron' | 'headless', role: 'viewer' | 'operator' | 'admin' | null) => navShown(items, { mode, role }).map((i) => i.testId);
    expect(ids('headless', 'admin')).toEqual(['nav-log', 'nav-staff-users']);
    expect(ids('headless', 'operator')).toEqual(['nav-log']);
    expect(ids('headless', 'viewer')).toEqual(['nav-log']);
    expect(ids('electron', null)).toEqual(['nav-log', 'nav-team-server']);
  });
});
