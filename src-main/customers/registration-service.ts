import type { RegistrationForm, RegistrationInput, RegistrationResult } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectionService } from '../connectors/connection-service';
import type { IntegrationLog } from '../engine/integration-log';
import { AppErrorException } from '../errors/app-error';

const CERM = 'cerm';

export interface RegistrationDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  log: IntegrationLog;
  now: () => number;
  kickJobs: () => void;
}

function flag(v: unknown): boolean {
  return v === true;
}

/**
 * The registration rules of CERM's customer sync, the same for the staff form and the storefront's platform API:
 * a required cost code is enforced; a cost code matching a CERM customer linked to a department places the registrant
 * there; otherwise, with auto-create on, a job creates the customer in CERM (once, whatever retries or crashes).
 */
export function createRegistrationService(deps: RegistrationDeps) {
  const { repos, log, now } = deps;

  function form(): RegistrationForm {
    const cerm = deps.registry.get(CERM);
    const v = cerm ? deps.connections.values(cerm) : {};
    const label = typeof v.costCodeLabel === 'string' && v.costCodeLabel.trim() ? v.costCodeLabel.trim() : 'Cost code';
    return {
      costCodeLabel: label,
      costCodeRequired: flag(v.autoLinkRequired),
      autoLinkDepartment: flag(v.autoLinkDepartment),
      autoCreateInCerm: flag(v.autoCreateCustomers) && !!cerm,
    };
  }

  async function waitForJob(jobId: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const j = repos.jobs.get(jobId);
      if (!j || j.status !== 'pending' && j.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function register(input: RegistrationInput, origin: 'staff' | 'storefront', opts: { waitMs?: number } = {}): Promise<RegistrationResult> {
    const f = form();
    const costCode = input.costCode?.trim() || null;
    if (f.costCodeRequired && !costCode)
      throw new AppErrorException('invalid_input', `${f.costCodeLabel} is required to register.`, [{ path: 'costCode', message: `${f.costCodeLabel} is required` }]);
    if (repos.customers.byEmail(input.email))
      throw new AppErrorException('conflict', `A customer with the email ${input.email} is already registered.`, [{ path: 'email', message: 'already registered' }]);

    const t = now();
    const result = repos.transaction((): RegistrationResult => {
      const id = repos.customers.insert({ ...input, costCode, origin: origin === 'staff' ? 'staff' : 'storefront' }, t);
      const base = { customerId: id, departmentId: null, departmentName: null, cermId: null, jobId: null };
      let note = '';
      if (f.autoLinkDepartment && costCode) {
        const matches = repos.departments.forCostCode(costCode);
        if (matches.length === 1) {
          const d = matches[0]!;
          // The registrant belongs to the department's CERM customer; its own CERM link stays free for staff.
          repos.customers.setDepartment(id, d.id, t);
          return { ...base, outcome: 'linked', departmentId: d.id, departmentName: d.name, cermId: d.cermId, message: `Linked to department ${d.name} by ${f.costCodeLabel.toLowerCase()} ${costCode}.` };
        }
        note =
          matches.length > 1
            ? ` ${f.costCodeLabel} ${costCode} matches ${matches.length} departments (${matches.map((m) => m.name).join(', ')}), so none was chosen.`
            : ` No department is linked to a CERM customer with ${f.costCodeLabel.toLowerCase()} ${costCode}.`;
      }
      if (f.autoCreateInCerm) {
        const jobId = repos.jobs.enqueue(
          { connectorId: CERM, kind: 'create-customer', entityKey: `customer-${id}`, idempotencyKey: `cerm:create-customer:${id}`, payload: { customerId: id } },
          t,
        );
        return { ...base, outcome: 'queued', jobId, message: `Queued for creation in CERM.${note}` };
      }
      return { ...base, outcome: 'registered', message: `Registered; not linked to a department and not created in CERM.${note}` };
    });

    log.write({
      connectorId: deps.registry.get(CERM) ? CERM : 'platform',
      action: 'register',
      entityType: 'customer',
      entityId: String(result.customerId),
      outcome: 'success',
      message: `${input.email} (${origin}): ${result.message}`,
    });
    if (result.jobId === null) return result;

    deps.kickJobs();
    if (opts.waitMs) await waitForJob(result.jobId, opts.waitMs);
    const cermId = repos.externalIds.get('customer', result.customerId, CERM);
    return cermId ? { ...result, outcome: 'created', cermId, message: `Created in CERM as ${cermId}.` } : result;
  }

  return { form, register };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
