import { AppErrorException } from '../errors/app-error';
import type { CoreServices } from '../core/services';
import { PreviewBusyError, PreviewGaveWayError, PreviewGoneError } from '../engine/preview-runner';
import { UnknownTaskError } from '../engine/task-runner';
import type { Handlers } from './router';

type PreviewChannels = 'sync:preview' | 'sync:compare-preview';

export function createPreviewHandlers(s: CoreServices): Pick<Handlers, PreviewChannels> {
  return {
    'sync:preview': async (input) => {
      try {
        return await s.previews.preview(input.connectorId, input.taskId);
      } catch (err) {
        if (err instanceof UnknownTaskError) throw new AppErrorException('not_found', err.message);
        if (err instanceof PreviewBusyError || err instanceof PreviewGaveWayError) throw new AppErrorException('conflict', err.message);
        throw err;
      }
    },
    'sync:compare-preview': async (input) => {
      try {
        return await s.previews.compare(input.previewId, input.runId);
      } catch (err) {
        if (err instanceof PreviewGoneError) throw new AppErrorException('not_found', err.message);
        throw err;
      }
    },
  };
}
