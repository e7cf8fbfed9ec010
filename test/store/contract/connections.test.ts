import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'connections'>;

/** A connection per connector: its setting values, which secrets are stored (never the secrets), and its state. */
export function describeConnectionsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: connections`, () => {
    const store = freshStore(factory);

    it('has no connection for a connector never saved', async () => {
      expect(await store().connections.get('erp')).toBeNull();
    });

    it('gives back a saved connection as saved, with the time it was saved', async () => {
      const { connections } = store();
      await connections.save(
        { connectorId: 'erp', values: { baseUrl: 'https://erp.example', port: 8443, tls: true, tenant: null }, secretsSet: ['password'], state: 'ready', stateMessage: null },
        1_000,
      );
      expect(await connections.get('erp')).toEqual({
        connectorId: 'erp',
        values: { baseUrl: 'https://erp.example', port: 8443, tls: true, tenant: null },
        secretsSet: ['password'],
        state: 'ready',
        stateMessage: null,
        updatedAt: 1_000,
      });
    });

    it('keeps each stored secret name once, in name order', async () => {
      const { connections } = store();
      await connections.save({ connectorId: 'erp', values: {}, secretsSet: ['token', 'password', 'token', 'apiKey'], state: 'ready', stateMessage: null }, 1);
      expect((await connections.get('erp'))!.secretsSet).toEqual(['apiKey', 'password', 'token']);
    });

    it('replaces the whole connection on a second save: values absent from it are gone', async () => {
      const { connections } = store();
      await connections.save({ connectorId: 'erp', values: { a: 1, b: 2 }, secretsSet: ['password'], state: 'ready', stateMessage: null }, 1);
      await connections.save({ connectorId: 'erp', values: { a: 3 }, secretsSet: [], state: 'not_configured', stateMessage: 'missing host' }, 2);
      expect(await connections.get('erp')).toEqual({ connectorId: 'erp', values: { a: 3 }, secretsSet: [], state: 'not_configured', stateMessage: 'missing host', updatedAt: 2 });
    });

    it('changes the state alone, keeping values, secrets and the time of the last save', async () => {
      const { connections } = store();
      await connections.save({ connectorId: 'erp', values: { a: 1 }, secretsSet: ['password'], state: 'ready', stateMessage: null }, 5);
      await connections.setState('erp', 'auth_required', 'the ERP refused the password');
      expect(await connections.get('erp')).toEqual({
        connectorId: 'erp',
        values: { a: 1 },
        secretsSet: ['password'],
        state: 'auth_required',
        stateMessage: 'the ERP refused the password',
        updatedAt: 5,
      });
      await connections.setState('erp', 'ready', null);
      expect(await connections.get('erp')).toMatchObject({ state: 'ready', stateMessage: null, values: { a: 1 } });
    });

    it('records the state of a connector never saved, with no values, no secrets and no save time', async () => {
      const { connections } = store();
      await connections.setState('erp', 'credentials_unavailable', 'the keychain did not answer');
      expect(await connections.get('erp')).toEqual({
        connectorId: 'erp',
        values: {},
        secretsSet: [],
        state: 'credentials_unavailable',
        stateMessage: 'the keychain did not answer',
        updatedAt: null,
      });
    });

    it('keeps connections of different connectors apart', async () => {
      const { connections } = store();
      await connections.save({ connectorId: 'erp', values: { host: 'erp' }, secretsSet: [], state: 'ready', stateMessage: null }, 1);
      await connections.save({ connectorId: 'mis', values: { host: 'mis' }, secretsSet: [], state: 'ready', stateMessage: null }, 2);
      await connections.setState('mis', 'disabled', 'switched off');
      expect(await connections.get('erp')).toMatchObject({ values: { host: 'erp' }, state: 'ready' });
      expect(await connections.get('mis')).toMatchObject({ values: { host: 'mis' }, state: 'disabled' });
    });
  });
}

onSqliteWhenRun(import.meta.url, describeConnectionsContract);
