import { Fragment } from 'react';
import { formatZonedDateTime, timesInWords } from './format';

/**
 * Words from main (a cursor's position, a task's state) with the UTC times in them shown as local times with their
 * zone, like every other time on the screen; each time's tooltip is the UTC time as main wrote it.
 */
export function TimedWords({ text }: { text: string }) {
  return (
    <>
      {timesInWords(text).map((part, i) =>
        typeof part === 'string' ? (
          <Fragment key={i}>{part}</Fragment>
        ) : (
          <time key={i} dateTime={new Date(part.ms).toISOString()} title={part.utc} data-utc={part.utc}>
            {formatZonedDateTime(part.ms)}
          </time>
        ),
      )}
    </>
  );
}
