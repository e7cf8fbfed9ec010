// What a signed-in role finds on a screen: each control that names the channel it calls (data-action), whether it
// is disabled and what its tooltip says, read against the contract's CHANNEL_ROLES (no list of buttons here).
import type { Page } from 'playwright-core';
import { roleAtLeast, roleForChannel, type StaffRole } from '../../src-preload/contract';
import { permissionFor } from '../../src-renderer/src/api/staff-store';

export interface Action {
  action: string;
  label: string;
  disabled: boolean;
  /** The tooltip of the wrapper a refused control sits in. */
  tip: string | null;
}

/** The visible controls on screen that call a channel. */
export async function actionsOnScreen(page: Page): Promise<Action[]> {
  return await page.locator('[data-action]').evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).getClientRects().length > 0 || (el as HTMLElement).closest('label')?.getClientRects().length)
      .map((el) => {
        const e = el as HTMLButtonElement;
        const disabled = e.disabled || e.getAttribute('aria-disabled') === 'true' || e.closest('.bp6-disabled') !== null;
        const text = (e.textContent || e.getAttribute('aria-label') || e.getAttribute('data-testid') || e.closest('label')?.textContent || e.tagName).trim();
        return { action: e.getAttribute('data-action')!, label: text.slice(0, 60), disabled, tip: e.closest('[data-role-refused]')?.getAttribute('title') ?? null };
      }),
  );
}

/** What is wrong on a screen for a role: an action above it that is enabled, or refused without the words. */
export function wrongFor(role: StaffRole, screen: string, actions: readonly Action[]): string[] {
  const user = { id: 0, email: '', name: '', role, disabled: false, createdAt: 0, lastSignInAt: null };
  const wrong: string[] = [];
  for (const a of actions) {
    const needed = roleForChannel(a.action);
    if (roleAtLeast(role, needed)) {
      if (a.tip !== null) wrong.push(`${screen}: "${a.label}" (${a.action}) is refused to ${role}, who may`);
      continue;
    }
    if (!a.disabled) wrong.push(`${screen}: "${a.label}" (${a.action}, ${needed}) is enabled for ${role}`);
    const reason = permissionFor(user, a.action as never).reason;
    if (a.tip !== reason) wrong.push(`${screen}: "${a.label}" (${a.action}) says ${JSON.stringify(a.tip)}, not ${JSON.stringify(reason)}`);
  }
  return wrong;
}

/** Every /api/ call a page makes, by channel, from now on. */
export function recordCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/([^?]+)/.exec(new URL(r.url()).pathname);
    if (m) calls.push(decodeURIComponent(m[1]!));
  });
  return calls;
}

/** Waits until a screen has loaded what it shows (no spinner left), at most a few seconds. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.bp6-spinner, .bp6-skeleton'), undefined, { timeout: 5_000 }).catch(() => undefined);
}
