import type { z } from 'zod';
import type { Connector } from '../connector';
import { ADD_DOCUMENT_JOB, APPLY_TEMPLATE_JOB, CONFIRM_ID, POLL_TASK_ID, PULL_ENQUIRY_JOB } from './ids';
import { pullEnquiryJob } from './pull-enquiry-job';
import { CONFIRM_DEFAULTS, CONFIRM_FIELDS, CONFIRM_SECRET_FIELDS, confirmSettingsOf, confirmSettingsSchema } from './settings';
import { createConfirmClient } from './client';
import { ConfirmSandbox, confirmSandboxConnectionValues } from './sandbox';
import { applyTemplateJob } from './apply-template-job';
import { addDocumentJob } from './add-document-job';
import { pollStatusChanges } from './poll-status-changes';

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
    tasks: [
      {
        id: POLL_TASK_ID,
        name: 'Poll Confirm for status changes',
        description: "Asks Confirm for Enquiry status changes and applies them to cases; switch it on when Confirm's CRM Agent is not set up to push them.",
        defaultIntervalMinutes: null,
        run: pollStatusChanges,
      },
    ],
    jobs: {
      [APPLY_TEMPLATE_JOB]: applyTemplateJob,
      [ADD_DOCUMENT_JOB]: addDocumentJob,
      [PULL_ENQUIRY_JOB]: pullEnquiryJob,
    },
    sandbox: {
      name: 'Confirm (sandbox)',
      create: ({ seed }) => new ConfirmSandbox(seed),
      connectionValues: confirmSandboxConnectionValues,
    },
  };
}
