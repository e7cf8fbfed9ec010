// What a Sync Now or a job does: the accounts and prices tasks, and the order push job.
import type { JobHandler, TaskSpec } from '../connector';
import { createAccountsTask } from './accounts-sync';
import { createPricesTask } from './prices-sync';
import { createOrderJob } from './order-job';
import { PUSH_ORDER_JOB } from './ids';

export function erpTasks(): TaskSpec[] {
  return [createAccountsTask(), createPricesTask()];
}

export function erpJobs(): Record<string, JobHandler> {
  return { [PUSH_ORDER_JOB]: createOrderJob() };
}
