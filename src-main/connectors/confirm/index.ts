import type { z } from 'zod';
import type { Connector } from '../connector';
import { CONFIRM_ID } from './ids';
import { CONFIRM_DEFAULTS, CONFIRM_FIELDS, CONFIRM_SECRET_FIELDS, confirmSettingsOf, confirmSettingsSchema } from './settings';
import { createConfirmClient } from './client';
import { ConfirmSandbox, confirmSandboxConnectionValues } from './sandbox';
import { confirmJobs, confirmTasks } from './sync';
import { installConfirm } from './install';

export { CONFIRM_ID, APPLY_TEMPLATE_JOB, ADD_DOCUMENT_JOB, POLL_TASK_ID } from './ids';

export function createConfirmConnector(): Connector {
  return {
    id: CONFIRM_ID,
    displayName: 'Confirm',
    description:
      'Brightly Confirm: cases raise and update Enquiries through mapping templates; Enquiry changes come back through the CRM Agent. Deleting personal data in either system is not propagated by the integration.',
    settings: {
      schema: confirmSettingsSchema as unknown as z.ZodType<Record<string, unknown>>,
      fields: CONFIRM_FIELDS,
      secretFields: CONFIRM_SECRET_FIELDS,
      defaults: CONFIRM_DEFAULTS,
    },
    async testConnection(ctx) {
      return createConfirmClient(confirmSettingsOf(ctx.settings), { signal: ctx.signal, now: ctx.now }).testConnection();
    },
    tasks: confirmTasks,
    jobs: confirmJobs,
    sandbox: {
      simulators: [{ name: 'Confirm (sandbox)', create: ({ seed, generation }) => new ConfirmSandbox(seed, generation) }],
      connectionValues: ([url]) => confirmSandboxConnectionValues(url!),
    },
    install: installConfirm,
  };
}
