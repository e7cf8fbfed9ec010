export const CONFIRM_ID = 'confirm';
export const APPLY_TEMPLATE_JOB = 'apply-template';
export const ADD_DOCUMENT_JOB = 'add-document';
export const PULL_ENQUIRY_JOB = 'pull-enquiry';
export const POLL_TASK_ID = 'poll-status-changes';

/** Jobs about one case share this entity key, so the engine runs them in order (a document waits for its Enquiry). */
export function caseEntityKey(caseId: number): string {
  return `case-${caseId}`;
}
