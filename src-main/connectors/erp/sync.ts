// What a Sync Now or a job does: the accounts and prices tasks, and the order push job.
import type { ConnectorHost, JobHandler, TaskSpec } from '../connector';
import { createAccountsTask } from './accounts-sync';
import { createPricesTask } from './prices-sync';
import { createOrderJob } from './order-job';
import { createContactPasswordJob } from './contact-password-job';
import { CONTACT_PASSWORD_JOB, PUSH_ORDER_JOB } from './ids';

export function erpTasks(): TaskSpec[] {
  return [createAccountsTask(), createPricesTask()];
}

export function erpJobs(host: () => ConnectorHost): Record<string, JobHandler> {
  return { [PUSH_ORDER_JOB]: createOrderJob(), [CONTACT_PASSWORD_JOB]: createContactPasswordJob(host) };
}
