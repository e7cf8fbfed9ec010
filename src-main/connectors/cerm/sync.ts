// What CERM's Sync Now buttons, schedules and jobs do.
import type { JobHandler, TaskSpec } from '../connector';
import { ADDRESS_TASK_ID, syncAddresses } from './address-sync';
import { downloadCustomers } from './download-customers';
import { addressCursor } from './address-cursor';
import { CREATE_CUSTOMER_JOB, createCustomerJob } from './create-customer';

export const DOWNLOAD_TASK_ID = 'download-customers';

export const cermTasks: TaskSpec[] = [
  {
    id: ADDRESS_TASK_ID,
    name: 'Sync addresses from CERM',
    description: 'Brings in the addresses of customers linked to a CERM customer and keeps them current (added, changed, removed).',
    defaultIntervalMinutes: 60,
    run: syncAddresses,
    cursor: addressCursor,
  },
  {
    id: DOWNLOAD_TASK_ID,
    name: 'Download customers from CERM',
    description: "Fetches CERM's customer list, saves the answer exactly as received, and refreshes the CERM customer table.",
    defaultIntervalMinutes: null,
    run: downloadCustomers,
  },
];

export const cermJobs: Record<string, JobHandler> = {
  [CREATE_CUSTOMER_JOB]: createCustomerJob,
};

export { ADDRESS_TASK_ID, CREATE_CUSTOMER_JOB };
