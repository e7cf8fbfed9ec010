import { labelOfPath, type ErrorCode, type IssueView } from '../../src-preload/contract';

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

/** A save refused for `issues`, in words: "The template cannot be saved: Row 1 source: … (and 2 more)." */
export function cannotBeSaved(what: string, issues: IssueView[], shown = 3): AppErrorException {
  const parts = issues.slice(0, shown).map((i) => `${i.path ? `${labelOfPath(i.path)}: ` : ''}${i.message.replace(/[.\s]+$/, '')}`);
  const more = issues.length > shown ? ` (and ${issues.length - shown} more)` : '';
  return new AppErrorException('invalid_input', `The ${what} cannot be saved: ${parts.join('; ')}${more}.`, issues);
}
