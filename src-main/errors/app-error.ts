import type { ErrorCode, IssueView } from '../../src-preload/contract';

/** Thrown by handlers for errors the renderer should show as they are. */
export class AppErrorException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: IssueView[],
    /** Technical detail (errno, the remote's own text) shown under "Details", never as the headline. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
