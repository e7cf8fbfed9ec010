import type { CoreServices } from '../core/services';
import { AppErrorException } from '../errors/app-error';
import type { Handlers } from './router';

type ChangesChannels = 'changes:of-run' | 'changes:of-records';

export function createChangesHandlers(s: CoreServices): Pick<Handlers, ChangesChannels> {
  return {
    'changes:of-run': async (input) => {
      if (!(await s.repos.runs.get(input.runId))) throw new AppErrorException('not_found', `There is no run ${input.runId}.`);
      return await s.repos.recordChanges.ofRun(input.runId, input.cursor ?? 0, input.limit);
    },
    'changes:of-records': async (input) => await s.repos.recordChanges.ofRecords(input.records, input.cursor ?? 0, input.limit),
  };
}
