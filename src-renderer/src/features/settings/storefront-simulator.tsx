import { Button, Callout, InputGroup, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppError } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { BURST_DEFAULT, BURST_MAX, BURST_MIN, burstSummary, parseBurstCount, type BurstResult } from './storefront';

/** Posts a burst of registrations to the platform API the way a storefront would, for the demo. */
export function StorefrontSimulator({ sandboxMode }: { sandboxMode: boolean }) {
  const [text, setText] = useState(String(BURST_DEFAULT));
  const [posting, setPosting] = useState(false);
  const [result, setResult] = useState<BurstResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const count = parseBurstCount(text);

  async function post() {
    if (count == null) return;
    setPosting(true);
    setError(null);
    const answer = await settle(api().sandboxStorefrontBurst({ count }));
    setPosting(false);
    if (answer.ok) setResult(answer.data);
    else setError(answer.error);
  }

  return (
    <div className="sd-storefront" data-testid="storefront-simulator">
      <div className="sd-storefront-row">
        <div className="sd-storefront-text">
          <div className="sd-strong">Storefront simulator</div>
          <div className="sd-muted">
            Posts registrations to the platform API with the platform API key, some with cost codes of linked departments.
          </div>
        </div>
        <label className="sd-inline sd-storefront-count">
          <span className="sd-muted">Registrations</span>
          <InputGroup
            data-testid="storefront-count"
            size="small"
            type="number"
            className="sd-num-input"
            min={BURST_MIN}
            max={BURST_MAX}
            step={1}
            intent={count == null ? Intent.DANGER : Intent.NONE}
            title={count == null ? `A whole number from ${BURST_MIN} to ${BURST_MAX}` : undefined}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && void post()}
          />
        </label>
        <Button
          data-testid="storefront-post"
          size="small"
          icon="send-message"
          text="Post registrations"
          loading={posting}
          disabled={count == null || !sandboxMode}
          title={!sandboxMode ? 'Runs in sandbox mode only' : undefined}
          onClick={() => void post()}
        />
      </div>
      {count == null && <div className="sd-danger-text sd-storefront-note">Enter a whole number from {BURST_MIN} to {BURST_MAX}.</div>}
      {!sandboxMode && <div className="sd-muted sd-storefront-note">Turn sandbox mode on to post simulated registrations.</div>}
      {error && (
        <Callout intent="danger" compact className="sd-compact-callout" data-testid="storefront-error" data-code={error.code}>
          Nothing was posted: {error.message}
        </Callout>
      )}
      {result && !error && (
        <Callout
          intent={result.failed > 0 ? 'warning' : 'success'}
          compact
          icon={result.failed > 0 ? 'warning-sign' : 'tick-circle'}
          className="sd-compact-callout"
          data-testid="storefront-result"
          data-sent={result.sent}
          data-failed={result.failed}
        >
          {burstSummary(result)}
        </Callout>
      )}
    </div>
  );
}
