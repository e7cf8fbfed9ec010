import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CredentialStore } from '../../secrets/credential-store';

export const CRM_AGENT_KEY_ACCOUNT = 'confirm:crm-agent-key';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The key Confirm's CRM Agent puts in its URL: generated here, shown once, kept only in the keychain (cached after one read). */
export function createCrmAgentKey(credentials: CredentialStore) {
  let cached: string | null | undefined;
  return {
    async current(): Promise<string | null> {
      if (cached === undefined) cached = await credentials.get(CRM_AGENT_KEY_ACCOUNT);
      return cached;
    },
    async rotate(): Promise<string> {
      const key = randomBytes(32).toString('hex');
      await credentials.set(CRM_AGENT_KEY_ACCOUNT, key);
      cached = key;
      return key;
    },
    /** Constant time whatever the given key's length: both sides are hashed first. */
    async matches(given: string | null | undefined): Promise<boolean> {
      const key = await this.current().catch(() => null);
      const ok = timingSafeEqual(digest(key ?? ''), digest(given ?? ''));
      return ok && !!key && !!given;
    },
  };
}

export type CrmAgentKey = ReturnType<typeof createCrmAgentKey>;
