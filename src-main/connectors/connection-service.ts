import { fieldMessage, issueViews, isReservedKey, labelOfPath, limitsOfShape, SETTING_TEXT_MAX, type ConnectionView, type FieldValue, type SandboxTarget } from '../../src-preload/contract';
import type { CredentialStore } from '../secrets/credential-store';
import { KeychainUnavailableError, secretAccount } from '../secrets/credential-store';
import type { Repositories } from '../store/repositories';
import type { Redactor } from '../engine/redactor';
import { RemoteError } from '../engine/remote-error';
import type { Connector } from './connector';
import type { SandboxManager } from '../sandbox/sandbox-manager';

export class SettingsInvalidError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export interface ConnectionServiceDeps {
  repos: Repositories;
  credentials: CredentialStore;
  redactor: Redactor;
  sandboxes: SandboxManager;
  sandboxMode: () => boolean;
  now: () => number;
}

/** A setting as the Connections page labels it. */
function labelOf(c: Connector, path: string): string {
  const key = path.split('.')[0] ?? '';
  return c.settings.fields.find((f) => f.key === key)?.label ?? labelOfPath(path);
}

/** Each field with the limits its schema enforces, so the form can show them before anything is sent. */
function fieldsWithLimits(c: Connector) {
  const limits = limitsOfShape(c.settings.schema, c.settings.fields.map((f) => f.key));
  return c.settings.fields.map((f) => {
    const { min, max } = limits[f.key] ?? {};
    // Text the schema sets no length for is still held to what connections:save takes: the box never takes more.
    const maxLength = limits[f.key]?.maxLength ?? (f.kind === 'text' || f.kind === 'url' || f.kind === 'secret' ? SETTING_TEXT_MAX : undefined);
    return { ...f, ...(maxLength !== undefined ? { maxLength } : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  });
}

/** Connection settings: non-secret values in SQLite, secret fields in the keychain only. */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const { repos, credentials, redactor } = deps;

  const targetKey = (c: Connector) => `sandboxTarget:${c.id}`;

  /** In sandbox mode, whether the connection uses its simulator (the default) or the address typed for it; null outside. */
  async function sandboxTarget(c: Connector): Promise<SandboxTarget | null> {
    if (!deps.sandboxMode()) return null;
    if (!c.sandbox) return 'typed';
    return repos.settings.get<SandboxTarget>(targetKey(c), 'simulator');
  }

  /** What the simulator sets when the connection uses it: its address and demo credentials stand in for the typed ones. */
  function overlayFor(c: Connector, target: SandboxTarget | null) {
    if (target !== 'simulator' || !c.sandbox) return null;
    const urls = deps.sandboxes.urls(c.id);
    if (!urls) return null;
    const given = c.sandbox.connectionValues(urls);
    // The simulator sets where and how to connect; what it suggests for business settings (Behaviour, Advanced) is only
    // a default that staff may change, never a value put over theirs.
    const values: Record<string, FieldValue> = {};
    const defaults: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(given.values)) {
      const group = c.settings.fields.find((f) => f.key === k)?.group;
      if (group === undefined || group === 'connection') values[k] = v;
      else defaults[k] = v;
    }
    return { values, secrets: given.secrets, defaults };
  }

  async function sandboxOverlay(c: Connector) {
    return overlayFor(c, await sandboxTarget(c));
  }

  async function keychainReachable(): Promise<boolean> {
    try {
      return (await credentials.status()).reachable;
    } catch {
      return false;
    }
  }

  /** Stored values over the defaults (the simulator's suggestions among them, given the overlay the caller has). */
  async function storedValues(c: Connector, overlay: ReturnType<typeof overlayFor>, known?: Awaited<ReturnType<typeof repos.connections.get>>): Promise<Record<string, FieldValue>> {
    const row = known === undefined ? await repos.connections.get(c.id) : known;
    return { ...c.settings.defaults, ...(overlay?.defaults ?? {}), ...(row?.values ?? {}) };
  }

  return {
    async view(c: Connector): Promise<ConnectionView> {
      const row = await repos.connections.get(c.id);
      const target = await sandboxTarget(c);
      const overlay = overlayFor(c, target);
      const own = await storedValues(c, overlay, row);
      const values = { ...own, ...(overlay?.values ?? {}) };
      const set = new Set(row?.secretsSet ?? []);
      const overridden = overlay ? [...Object.keys(overlay.values), ...Object.keys(overlay.secrets)] : [];
      const secrets: Record<string, 'set' | 'not set'> = {};
      for (const f of c.settings.secretFields) secrets[f] = set.has(f) || (overlay && f in overlay.secrets) ? 'set' : 'not set';
      const configured = c.settings.schema.safeParse({ ...values, ...Object.fromEntries(c.settings.secretFields.map((f) => [f, secrets[f] === 'set' ? 'x' : undefined])) }).success;
      const state = row?.state && row.state !== 'ready' ? row.state : configured ? 'ready' : 'not_configured';
      return {
        connectorId: c.id,
        displayName: c.displayName,
        description: c.description,
        state,
        stateMessage: row?.stateMessage ?? (state === 'not_configured' ? 'Fill in the settings and save.' : null),
        fields: fieldsWithLimits(c),
        values,
        secrets,
        keychainReachable: set.size === 0 || (await keychainReachable()),
        sandboxUrl: overlay ? (deps.sandboxes.get(c.id)?.url ?? null) : null,
        sandbox: target
          ? {
              simulatorUrl: c.sandbox ? (deps.sandboxes.get(c.id)?.url ?? null) : null,
              target,
              overridden,
              ownValues: Object.fromEntries(overridden.filter((k) => k in own).map((k) => [k, own[k]!])),
              ownSecrets: overridden.filter((k) => c.settings.secretFields.includes(k) && set.has(k)),
            }
          : null,
        updatedAt: row?.updatedAt ?? null,
      };
    },

    /** Effective non-secret values (stored, defaults, sandbox overlay): what rules such as registration read. */
    async values(c: Connector): Promise<Record<string, FieldValue>> {
      const overlay = await sandboxOverlay(c);
      return { ...await storedValues(c, overlay), ...(overlay?.values ?? {}) };
    },

    /** Effective settings with secrets, validated. Throws RemoteError('credentials_unavailable') when the keychain is silent. */
    async load(c: Connector): Promise<Record<string, unknown>> {
      const overlay = await sandboxOverlay(c);
      // One read of the row for its values and its secrets: every job attempt loads its connection.
      const row = await repos.connections.get(c.id);
      const merged: Record<string, unknown> = { ...await storedValues(c, overlay, row), ...(overlay?.values ?? {}) };
      for (const f of c.settings.secretFields) {
        if (row?.secretsSet.includes(f)) {
          try {
            const v = await credentials.get(secretAccount(c.id, f));
            if (v !== null) {
              redactor.remember(v);
              merged[f] = v;
              continue;
            }
          } catch (err) {
            if (err instanceof KeychainUnavailableError)
              throw new RemoteError('credentials_unavailable', `credentials unavailable: ${err.message}`);
            throw err;
          }
        }
        if (overlay && f in overlay.secrets) merged[f] = overlay.secrets[f];
      }
      const parsed = c.settings.schema.safeParse(merged);
      if (!parsed.success) {
        const issues = issueViews(parsed.error);
        throw new RemoteError('validation', `the ${c.displayName} settings are incomplete: ${issues.map((i) => fieldMessage(i, labelOf(c, i.path))).join(' ')} Complete them under Connections.`);
      }
      return parsed.data;
    },

    /**
     * Validates values + secrets together, lets `verify` try them (test connection) before anything is stored,
     * then writes secrets to the keychain and the rest to SQLite. Nothing is saved when any step fails.
     * In sandbox mode `target` points the connection at its simulator or at the typed address; a typed address is
     * validated and tested exactly as outside sandbox mode, and the choice is kept only when the save succeeds.
     */
    async save(
      c: Connector,
      values: Record<string, FieldValue>,
      secrets: Record<string, string | null>,
      verify: (settings: Record<string, unknown>) => Promise<void>,
      target?: SandboxTarget,
    ): Promise<void> {
      // The contract refuses these already; a caller that skips it must not get them past the checks below either.
      const reserved = [...Object.keys(values), ...Object.keys(secrets)].filter(isReservedKey);
      if (reserved.length)
        throw new SettingsInvalidError(`SyncDesk keeps these names for itself: ${reserved.join(', ')}.`, reserved.map((k) => ({ path: k, message: `"${k}" cannot be used as a key.` })));
      const known = new Set(c.settings.fields.map((f) => f.key));
      const secretSet = new Set(c.settings.secretFields);
      const unknown = [...Object.keys(values), ...Object.keys(secrets)].filter((k) => !known.has(k));
      if (unknown.length) throw new SettingsInvalidError(`SyncDesk does not know these settings: ${unknown.join(', ')}.`, unknown.map((k) => ({ path: k, message: 'SyncDesk does not know this setting.' })));
      const misplaced = Object.keys(values).filter((k) => secretSet.has(k));
      if (misplaced.length)
        throw new SettingsInvalidError('Secrets are kept in the keychain and must be sent as secrets.', misplaced.map((k) => ({ path: k, message: 'This is a secret: it is sent to the keychain, not with the other settings.' })));

      const row = await repos.connections.get(c.id);
      const current = await sandboxTarget(c);
      const nextValues = { ...await storedValues(c, overlayFor(c, current)), ...values };
      if (target === 'simulator' && current !== null && !c.sandbox)
        throw new SettingsInvalidError(`${c.displayName} has no simulator`, [{ path: '', message: `${c.displayName} has no simulator: type its address` }]);
      const nextTarget = current === null ? null : (target ?? current);
      // With the simulator, its address and demo credentials stand in, as they do when the engine runs.
      const overlay = overlayFor(c, nextTarget);
      const merged: Record<string, unknown> = { ...nextValues, ...(overlay?.values ?? {}) };
      const stillSet = new Set(row?.secretsSet ?? []);
      for (const f of c.settings.secretFields) {
        if (Object.hasOwn(secrets, f)) {
          const v = secrets[f];
          if (v === null || v === undefined) stillSet.delete(f);
          else {
            merged[f] = v;
            redactor.remember(v);
          }
        } else if (stillSet.has(f)) {
          const v = await credentials.get(secretAccount(c.id, f));
          if (v !== null) merged[f] = v;
        }
        if (merged[f] === undefined && overlay && f in overlay.secrets) merged[f] = overlay.secrets[f];
      }
      const parsed = c.settings.schema.safeParse(merged);
      if (!parsed.success) {
        const issues = issueViews(parsed.error);
        throw new SettingsInvalidError(`Some settings need correcting: ${issues.map((i) => fieldMessage(i, labelOf(c, i.path))).join(' ')}`, issues);
      }
      await verify(parsed.data);
      // The keychain first: if it refuses, SQLite still holds the old settings and nothing is half-saved.
      for (const f of c.settings.secretFields) {
        if (!Object.hasOwn(secrets, f)) continue;
        const v = secrets[f];
        if (v === null || v === undefined) await credentials.delete(secretAccount(c.id, f));
        else {
          await credentials.set(secretAccount(c.id, f), v);
          stillSet.add(f);
        }
      }
      const clean: Record<string, FieldValue> = {};
      for (const [k, v] of Object.entries(nextValues)) if (!secretSet.has(k)) clean[k] = v;
      // Saving credentials lifts a pause for auth or an unreachable keychain.
      await repos.connections.save({ connectorId: c.id, values: clean, secretsSet: [...stillSet], state: 'ready', stateMessage: null }, deps.now());
      if (nextTarget !== null && c.sandbox && nextTarget !== current) await repos.settings.set(targetKey(c), nextTarget);
    },
  };
}

export type ConnectionService = ReturnType<typeof createConnectionService>;
