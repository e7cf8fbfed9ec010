import type { CoreServices } from '../core/services';
import type { Handlers } from './router';

type ErrorsChannels =
  | 'errors:counts'
  | 'errors:facets'
  | 'errors:page'
  | 'errors:group'
  | 'errors:retry'
  | 'errors:resolve'
  | 'errors:retry-all'
  | 'errors:resolve-all'
  | 'errors:job-payload'
  | 'errors:edit-retry'
  | 'alerts:list'
  | 'alerts:acknowledge'
  | 'alerts:resume-task'
  | 'alerts:settings'
  | 'alerts:save-settings';

/** The Errors workspace and the alerts. */
export function createErrorsHandlers(s: CoreServices): Pick<Handlers, ErrorsChannels> {
  const w = s.errors;
  return {
    'errors:counts': () => w.counts(),
    'errors:facets': () => w.facets(),
    'errors:page': (input) => {
      const { cursor, limit, ...filter } = input;
      return w.page(filter, cursor, limit);
    },
    'errors:group': (input) => w.group(input.id),
    'errors:retry': (input) => w.retry(input.ids),
    'errors:resolve': (input) => w.resolve(input.ids, input.note || null),
    'errors:retry-all': (input) => w.retryAll(input.filter),
    'errors:resolve-all': (input) => w.resolveAll(input.filter, input.note || null),
    'errors:job-payload': (input) => w.jobPayload(input.groupId),
    'errors:edit-retry': (input) => w.editRetry(input.groupId, input.jobId, input.payload),

    'alerts:list': () => s.alerts.view(),
    'alerts:acknowledge': (input) => s.alerts.acknowledge(input.id, s.actor()),
    'alerts:resume-task': async (input) => ({ resumed: await s.alerts.resume(input.connectorId, input.taskId) }),
    'alerts:settings': () => s.alerts.settings(),
    'alerts:save-settings': (input) => s.alerts.saveSettings(input),
  };
}
