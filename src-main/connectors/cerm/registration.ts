// CERM's registration rules ("Custom One" cost codes for departments, a required cost code, auto-create), and its
// answer to a registration: a registrant no department took is created in CERM by a job queued in the same commit.
import type { ConnectorHost } from '../connector';
import type { RegistrationPolicy } from '../../customers/registration-policy';
import { CREATE_CUSTOMER_JOB } from './create-customer';
import { CERM_ID } from './ids';

const flag = (v: unknown) => v === true;

export function cermRegistration(host: ConnectorHost): RegistrationPolicy {
  const policy: RegistrationPolicy = {
    connectorId: CERM_ID,
    remoteName: 'CERM',
    async form() {
      const v = await host.values();
      const label = typeof v.costCodeLabel === 'string' && v.costCodeLabel.trim() ? v.costCodeLabel.trim() : 'Cost code';
      return { costCodeLabel: label, costCodeRequired: flag(v.autoLinkRequired), autoLinkDepartment: flag(v.autoLinkDepartment), autoCreateInCerm: flag(v.autoCreateCustomers) };
    },
    remoteIdOf: async (customerId) => await host.repos.externalIds.get('customer', customerId, CERM_ID),
  };
  host.events.subscribe('customer.registered', async (tx, e) => {
    if (e.departmentId !== null || !(await policy.form()).autoCreateInCerm) return;
    const jobId = await host.queue.enqueue(tx, {
      connectorId: CERM_ID,
      kind: CREATE_CUSTOMER_JOB,
      entityKey: `customer-${e.customerId}`,
      idempotencyKey: `cerm:create-customer:${e.customerId}`,
      payload: { customerId: e.customerId },
      runAt: e.at,
    });
    return { connectorId: CERM_ID, jobIds: [jobId], message: 'Queued for creation in CERM.' };
  });
  return policy;
}
