// What a Sync Now or a job does: the Customers import task and the welcome email job.
import type { ConnectorHost, JobHandler, TaskSpec } from '../connector';
import type { AccountingRepo } from './repositories';
import { createImportTask } from './import-customers';
import { createWelcomeJob } from './welcome-job';
import { WELCOME_JOB } from './ids';

export function accountingTasks(host: () => ConnectorHost<AccountingRepo>): TaskSpec<AccountingRepo>[] {
  return [createImportTask(host)];
}

export function accountingJobs(host: () => ConnectorHost<AccountingRepo>): Record<string, JobHandler<AccountingRepo>> {
  return { [WELCOME_JOB]: createWelcomeJob(host) };
}
