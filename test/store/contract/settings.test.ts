import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'settings'>;

/** App settings: JSON values by key, with a fallback for a key never written. */
export function describeSettingsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: settings`, () => {
    const store = freshStore(factory);

    it('answers the fallback for a key never written, and says it has none', async () => {
      const { settings } = store();
      expect(await settings.get('sandboxMode', true)).toBe(true);
      expect(await settings.get('sandboxMode', false)).toBe(false);
      expect(await settings.has('sandboxMode')).toBe(false);
    });

    it('gives back what was written, as the same JSON value, instead of the fallback', async () => {
      const { settings } = store();
      const value = { mode: 'live', retries: 3, hosts: ['a', 'b'], nested: { on: false, none: null } };
      await settings.set('engine', value);
      expect(await settings.get('engine', null)).toEqual(value);
      expect(await settings.has('engine')).toBe(true);
    });

    it('keeps falsy values: false, 0, empty text and null are values, not "not set"', async () => {
      const { settings } = store();
      await settings.set('f', false);
      await settings.set('z', 0);
      await settings.set('e', '');
      await settings.set('n', null);
      expect(await settings.get('f', true)).toBe(false);
      expect(await settings.get('z', 7)).toBe(0);
      expect(await settings.get('e', 'x')).toBe('');
      expect(await settings.get('n', 'x')).toBeNull();
      expect(await Promise.all(['f', 'z', 'e', 'n'].map(async (k) => await settings.has(k)))).toEqual([true, true, true, true]);
    });

    it('overwrites a key with the last value written, and leaves other keys alone', async () => {
      const { settings } = store();
      await settings.set('a', 1);
      await settings.set('b', 'keep');
      await settings.set('a', 2);
      expect(await settings.get('a', 0)).toBe(2);
      expect(await settings.get('b', '')).toBe('keep');
    });
  });
}

onSqliteWhenRun(import.meta.url, describeSettingsContract);
