// The storefront's sign-in check and the set-password link's redemption. A wrong email and a wrong password get the
// same 401 after the same work (an unknown email is verified against a dummy hash); repeated failures for one email
// get 429. Hashing runs on libuv's thread pool (the Argon2 binding is asynchronous), never on the main thread.
import { z } from 'zod';
import type { ListenerRoute } from '../listener/listener-server';
import type { IntegrationLog } from '../engine/integration-log';
import type { Repositories } from '../store/repositories';
import { json, jsonBodyOf, platformKeyGate, type PlatformKey } from './platform-api';
import { createLoginThrottle, type LoginThrottle } from './login-throttle';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from './password-hash';
import { checkSetPasswordToken, hashSetPasswordToken } from './set-password-token';

const LoginBody = z.object({ email: z.string().trim().max(254), password: z.string().max(MAX_PASSWORD_LENGTH) }).strict();
const SetPasswordBody = z
  .object({ token: z.string().max(200), password: z.string().min(12, 'at least 12 characters').max(MAX_PASSWORD_LENGTH) })
  .strict();

const WRONG = json(401, { error: 'wrong email or password' });

export interface SignInDeps {
  key: PlatformKey;
  repos: Repositories;
  log: IntegrationLog;
  now?: () => number;
  throttle?: LoginThrottle;
}

export function signInRoutes(deps: SignInDeps): ListenerRoute[] {
  const now = deps.now ?? Date.now;
  const throttle = deps.throttle ?? createLoginThrottle({ now });
  const invalid = (issues: z.core.$ZodIssue[]) => json(400, { error: 'invalid request', issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return [
    {
      method: 'POST',
      path: '/platform/login',
      maxBytes: 8 * 1024,
      ...platformKeyGate(deps, 'login'),
      async handle(req) {
        const read = jsonBodyOf(req);
        if (!read.ok) return read.answer;
        const parsed = LoginBody.safeParse(read.body);
        if (!parsed.success) return invalid(parsed.error.issues);
        const { email, password } = parsed.data;
        const held = throttle.check(email);
        if (!held.allowed) return { ...json(429, { error: held.message }), headers: { 'retry-after': String(held.retryAfterSeconds) } };
        // A customer, or a contact of a B2B account (emails are unique across both).
        const customer = await deps.repos.customers.signInOf(email);
        const contact = customer ? null : await deps.repos.accounts.contactSignInOf(email);
        const usable = customer ? (customer.status === 'active' ? customer.passwordHash : null) : contact?.loginEnabled ? contact.passwordHash : null;
        // Verified either way: an unknown email costs what a wrong password costs.
        const ok = await verifyPassword(usable, password);
        if (!ok || (!customer && !contact)) {
          const after = throttle.fail(email);
          const who = customer ? { type: 'customer', id: customer.id } : contact ? { type: 'account_contact', id: contact.contactId } : null;
          if (!after.allowed)
            await deps.log.write({ connectorId: 'platform', action: 'login', entityType: who?.type ?? null, entityId: who ? String(who.id) : null, outcome: 'failure', message: `sign-in held for ${after.retryAfterSeconds} s after repeated failures` });
          return WRONG;
        }
        throttle.succeed(email);
        if (customer) return json(200, { customerId: customer.id, accountNumber: customer.accountNumber });
        // Only someone who knows the password learns that the account is disabled.
        if (!contact!.accountEnabled) return json(403, { error: 'account disabled' });
        return json(200, { contactId: contact!.contactId, accountId: contact!.accountId, accountNumber: contact!.accountNumber });
      },
    },
    {
      method: 'POST',
      path: '/platform/set-password',
      maxBytes: 8 * 1024,
      ...platformKeyGate(deps, 'set-password'),
      async handle(req) {
        const read = jsonBodyOf(req);
        if (!read.ok) return read.answer;
        const parsed = SetPasswordBody.safeParse(read.body);
        if (!parsed.success) return invalid(parsed.error.issues);
        const tokenHash = hashSetPasswordToken(parsed.data.token);
        // A customer's link, or a B2B contact's (both get theirs the same way).
        const customerToken = await deps.repos.customers.setPasswordToken(tokenHash);
        const contactToken = customerToken ? null : await deps.repos.accounts.setPasswordToken(tokenHash);
        const stored = customerToken ?? contactToken;
        const check = checkSetPasswordToken(parsed.data.token, stored, now());
        if (check !== 'ok' || !stored) {
          const words = { invalid: 'this link is not valid', used: 'this link was used already', expired: 'this link has expired: ask for a new one' }[check === 'ok' ? 'invalid' : check];
          return json(check === 'invalid' ? 404 : 410, { error: words });
        }
        const hash = await hashPassword(parsed.data.password);
        const t = now();
        const done = await deps.repos.transaction(async (tx) => {
          // Single use: of two redemptions racing, the second finds it used and changes nothing.
          if (customerToken) {
            if (!(await tx.customers.useSetPasswordToken(tokenHash, t))) return false;
            await tx.customers.setPasswordHash(customerToken.customerId, hash, t);
          } else {
            if (!(await tx.accounts.useSetPasswordToken(tokenHash, t))) return false;
            await tx.accounts.setContactPasswordHash(contactToken!.contactId, hash, t);
          }
          const who = customerToken ? { entityType: 'customer', entityId: String(customerToken.customerId) } : { entityType: 'account_contact', entityId: String(contactToken!.contactId) };
          await deps.log.write({ connectorId: 'platform', action: 'set-password', ...who, outcome: 'success', message: 'password set through the emailed link' });
          return true;
        });
        if (!done) return json(410, { error: 'this link was used already' });
        if (customerToken) {
          const who = await deps.repos.customers.get(customerToken.customerId);
          return json(200, { customerId: customerToken.customerId, accountNumber: who?.accountNumber ?? null });
        }
        const contact = await deps.repos.accounts.contact(contactToken!.contactId);
        const account = contact ? await deps.repos.accounts.get(contact.accountId) : null;
        return json(200, { contactId: contactToken!.contactId, accountId: contact?.accountId ?? null, accountNumber: account?.accountNumber ?? null });
      },
    },
  ];
}
