import { Button, Callout, NonIdealState, SegmentedControl, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, CaughtMailDetail } from '../../../../src-preload/contract';
import { formatBytes, formatDateTime } from '../../components/format';

type Part = 'html' | 'text';

/**
 * One caught message as its recipient would see it. The HTML part is drawn in an iframe with `sandbox=""` (no script,
 * no same origin, no forms, no navigation of this window) from srcdoc, so nothing it holds can reach the console.
 */
export function CaughtMessage(props: { message: CaughtMailDetail | null; error: AppError | null; onClose(): void; onRetry(): void }) {
  const { message, error } = props;
  const [part, setPart] = useState<Part>('html');
  useEffect(() => {
    if (message) setPart(message.html != null ? 'html' : 'text');
  }, [message]);

  return (
    <aside className="sd-details sd-mail-message" data-testid="caught-message" data-id={message?.id ?? ''}>
      <div className="sd-details-head">
        <span className="sd-strong">Message</span>
        <Button icon="cross" size="small" variant="minimal" aria-label="Close the message" onClick={props.onClose} />
      </div>
      {error ? (
        <div className="sd-details-body">
          <Callout intent="danger" compact className="sd-compact-callout">
            Could not open the message: {error.message}{' '}
            <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={props.onRetry} />
          </Callout>
        </div>
      ) : !message ? (
        <div className="sd-details-body">
          <Spinner size={20} />
        </div>
      ) : (
        <>
          <div className="sd-details-body sd-mail-head">
            <dl className="sd-facts sd-facts-stacked">
              <dt>Subject</dt>
              <dd className="sd-strong" data-testid="caught-message-subject">
                {message.subject || <span className="sd-muted">(no subject)</span>}
              </dd>
              <dt>From</dt>
              <dd>{message.from}</dd>
              <dt>To</dt>
              <dd data-testid="caught-message-to">{message.to.join(', ')}</dd>
              <dt>Received</dt>
              <dd>
                {formatDateTime(message.receivedAt)} · {formatBytes(message.size)}
              </dd>
            </dl>
            {message.html != null && message.text != null && (
              <SegmentedControl
                size="small"
                className="sd-mail-parts"
                value={part}
                onValueChange={(v) => setPart(v as Part)}
                options={[
                  { value: 'html', label: 'HTML' },
                  { value: 'text', label: 'Plain text' },
                ]}
              />
            )}
          </div>
          {part === 'html' && message.html != null ? (
            <iframe className="sd-mail-frame" sandbox="" srcDoc={message.html} title={`Email: ${message.subject}`} data-testid="caught-message-html" />
          ) : message.text != null ? (
            <pre className="sd-mail-text" data-testid="caught-message-text">
              {message.text}
            </pre>
          ) : (
            <NonIdealState icon="document" title="No body" description="The message has neither a text nor an HTML part." layout="horizontal" />
          )}
        </>
      )}
    </aside>
  );
}
