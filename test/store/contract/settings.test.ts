import { describe, expect, it } from 'vitest';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

/** App settings: JSON values by key, with a fallback for a key never written. */
export function describeSettingsContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: settings`, () => {
    const store = freshStore(factory);

    it('answers the fallback for a key never written, and says it has none', () => {
      const { settings } = store();
      expect(settings.get('sandboxMode', true)).toBe(true);
      expect(settings.get('sandboxMode', false)).toBe(false);
      expect(settings.has('sandboxMode')).toBe(false);
    });

    it('gives back what was written, as the same JSON value, instead of the fallback', () => {
      const { settings } = store();
      const value = { mode: 'live', retries: 3, hosts: ['a', 'b'], nested: { on: false, none: null } };
      settings.set('engine', value);
      expect(settings.get('engine', null)).toEqual(value);
      expect(settings.has('engine')).toBe(true);
    });

    it('keeps falsy values: false, 0, empty text and null are values, not "not set"', () => {
      const { settings } = store();
      settings.set('f', false);
      settings.set('z', 0);
      settings.set('e', '');
      settings.set('n', null);
      expect(settings.get('f', true)).toBe(false);
      expect(settings.get('z', 7)).toBe(0);
      expect(settings.get('e', 'x')).toBe('');
      expect(settings.get('n', 'x')).toBeNull();
      expect(['f', 'z', 'e', 'n'].map((k) => settings.has(k))).toEqual([true, true, true, true]);
    });

    it('overwrites a key with the last value written, and leaves other keys alone', () => {
      const { settings } = store();
      settings.set('a', 1);
      settings.set('b', 'keep');
      settings.set('a', 2);
      expect(settings.get('a', 0)).toBe(2);
      expect(settings.get('b', '')).toBe('keep');
    });
  });
}

describeSettingsContract('SQLite', sqliteStore);
