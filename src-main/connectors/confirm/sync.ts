// What Confirm's Sync Now button, schedule and jobs do.
import type { JobHandler, TaskSpec } from '../connector';
import { ADD_DOCUMENT_JOB, APPLY_TEMPLATE_JOB, POLL_TASK_ID, PULL_ENQUIRY_JOB } from './ids';
import { pollCursor, pollStatusChanges } from './poll-status-changes';
import { applyTemplateJob } from './apply-template-job';
import { addDocumentJob } from './add-document-job';
import { pullEnquiryJob } from './pull-enquiry-job';

export const confirmTasks: TaskSpec[] = [
  {
    id: POLL_TASK_ID,
    name: 'Poll Confirm for status changes',
    description: "Asks Confirm for Enquiry status changes and applies them to cases; switch it on when Confirm's CRM Agent is not set up to push them.",
    defaultIntervalMinutes: null,
    run: pollStatusChanges,
    cursor: pollCursor,
  },
];

export const confirmJobs: Record<string, JobHandler> = {
  [APPLY_TEMPLATE_JOB]: applyTemplateJob,
  [ADD_DOCUMENT_JOB]: addDocumentJob,
  [PULL_ENQUIRY_JOB]: pullEnquiryJob,
};
