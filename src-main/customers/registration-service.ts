import type { RegistrationForm, RegistrationInput, RegistrationResult } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { IntegrationLog } from '../engine/integration-log';
import type { DomainEvents } from '../events/domain-events';
import type { RegistrationPolicy } from './registration-policy';
import { AppErrorException } from '../errors/app-error';

export interface RegistrationDeps {
  repos: Repositories;
  events: DomainEvents;
  log: IntegrationLog;
  now: () => number;
  /** The rules a connector contributes; without one, a registration only records the customer. */
  policy: () => RegistrationPolicy | null;
}

const NO_RULES: RegistrationForm = { costCodeLabel: 'Cost code', costCodeRequired: false, autoLinkDepartment: false, autoCreateInCerm: false };

/**
 * Registration, the same for the staff form and the storefront's platform API, under the rules a connector
 * contributes (CERM's customer sync): a required cost code is enforced; a cost code matching a department's linked
 * remote customer places the registrant there; otherwise subscribers to `customer.registered` may queue its creation
 * remotely (once, whatever retries or crashes), in the registration's own transaction.
 */
export function createRegistrationService(deps: RegistrationDeps) {
  const { repos, log, now } = deps;

  async function form(): Promise<RegistrationForm> {
    return await deps.policy()?.form() ?? NO_RULES;
  }

  async function waitForJob(jobId: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const j = await repos.jobs.get(jobId);
      if (!j || j.status !== 'pending' && j.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function register(input: RegistrationInput, origin: 'staff' | 'storefront', opts: { waitMs?: number } = {}): Promise<RegistrationResult> {
    const f = await form();
    const costCode = input.costCode?.trim() || null;
    if (f.costCodeRequired && !costCode)
      throw new AppErrorException('invalid_input', `${f.costCodeLabel} is required to register.`, [{ path: 'costCode', message: `${f.costCodeLabel} is required` }]);
    if (await repos.customers.byEmail(input.email))
      throw new AppErrorException('conflict', `A customer with the email ${input.email} is already registered.`, [{ path: 'email', message: 'already registered' }]);
    if (await repos.accounts.contactByEmail(input.email))
      throw new AppErrorException('conflict', `The email ${input.email} belongs to a contact of a B2B account: each person signs in with their own.`, [{ path: 'email', message: 'already in use' }]);

    const t = now();
    const policy = deps.policy();
    const result = await repos.transaction(async (tx): Promise<RegistrationResult> => {
      const id = await tx.customers.insert({ ...input, costCode, origin: origin === 'staff' ? 'staff' : 'storefront' }, t);
      const base = { customerId: id, departmentId: null, departmentName: null, cermId: null, jobId: null };
      const registered = { customerId: id, email: input.email, costCode, origin, at: t };
      let note = '';
      if (f.autoLinkDepartment && costCode) {
        const matches = await tx.departments.forCostCode(costCode);
        if (matches.length === 1) {
          const d = matches[0]!;
          // The registrant belongs to the department's remote customer; its own remote link stays free for staff.
          await tx.customers.setDepartment(id, d.id, t);
          await deps.events.raise(tx, 'customer.registered', { ...registered, departmentId: d.id });
          return { ...base, outcome: 'linked', departmentId: d.id, departmentName: d.name, cermId: d.cermId, message: `Linked to department ${d.name} by ${f.costCodeLabel.toLowerCase()} ${costCode}.` };
        }
        note =
          matches.length > 1
            ? ` ${f.costCodeLabel} ${costCode} matches ${matches.length} departments (${matches.map((m) => m.name).join(', ')}), so none was chosen.`
            : ` No department is linked to a CERM customer with ${f.costCodeLabel.toLowerCase()} ${costCode}.`;
      }
      const queued = (await deps.events.raise(tx, 'customer.registered', { ...registered, departmentId: null })).find((a) => a.jobIds.length > 0);
      if (queued) return { ...base, outcome: 'queued', jobId: queued.jobIds[0]!, message: `${queued.message ?? 'Queued.'}${note}` };
      const remote = policy ? ` and not created in ${policy.remoteName}` : '';
      return { ...base, outcome: 'registered', message: `Registered; not linked to a department${remote}.${note}` };
    });

    await log.write({
      connectorId: policy?.connectorId ?? 'platform',
      action: 'register',
      entityType: 'customer',
      entityId: String(result.customerId),
      outcome: 'success',
      message: `${input.email} (${origin}): ${result.message}`,
    });
    if (result.jobId === null) return result;

    if (opts.waitMs) await waitForJob(result.jobId, opts.waitMs);
    const remoteId = (await policy?.remoteIdOf(result.customerId)) ?? null;
    return remoteId ? { ...result, outcome: 'created', cermId: remoteId, message: `Created in ${policy!.remoteName} as ${remoteId}.` } : result;
  }

  return { form, register };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
