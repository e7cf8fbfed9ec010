import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CHANNEL_ROLES, CHANNELS_WITHOUT_CHANGES, channelWords, hasChannelWords, roleForChannel, STAFF_ROLES } from '../../src-preload/contract';
import { changesState } from '../../src-main/staff/team-dispatch';

describe('channel roles', () => {
  it('give every channel of the contract a least role, and name no channel the contract lacks', () => {
    for (const c of CHANNEL_NAMES) expect(STAFF_ROLES, c).toContain(CHANNEL_ROLES[c]);
    expect(Object.keys(CHANNEL_ROLES).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const c of CHANNELS_WITHOUT_CHANGES) expect(CHANNEL_NAMES, c).toContain(c);
  });

  it('follow the team roles: viewers read, operators run and resolve, admins configure', () => {
    expect(['log:page', 'sync:tasks', 'connections:list', 'templates:list'].map(roleForChannel)).toEqual(['viewer', 'viewer', 'viewer', 'viewer']);
    expect(['sync:run', 'log:retry', 'errors:resolve', 'sync:preview', 'log:export'].map(roleForChannel)).toEqual(Array(5).fill('operator'));
    expect(['connections:save', 'templates:save', 'rules:save', 'staff:add', 'settings:save', 'audit:page'].map(roleForChannel)).toEqual(Array(6).fill('admin'));
  });

  it('need an admin for a channel the table does not know (a connector’s own)', () => {
    expect(roleForChannel('widgets:launch')).toBe('admin');
  });

  it('audit every call above the viewer’s except those that change nothing', () => {
    expect(changesState('templates:save')).toBe(true);
    expect(changesState('sync:run')).toBe(true);
    expect(changesState('log:page')).toBe(false);
    expect(changesState('sync:preview')).toBe(false);
    expect(changesState('audit:page')).toBe(false);
  });

  it('word every change the audit trail records as staff read it, and name no channel the contract lacks', () => {
    expect(CHANNEL_NAMES.filter((c) => changesState(c) && !hasChannelWords(c))).toEqual([]);
    expect(channelWords('templates:save')).toBe('Saved a mapping template');
    expect(channelWords('widgets:launch')).toBe('widgets:launch');
  });
});
