import { Button, Callout, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useState, type ReactNode } from 'react';
import type { AppError, ChannelName } from '../../../../src-preload/contract';
import { RoleButton } from '../../components/role-gate';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { BURST_DEFAULT, BURST_MAX, BURST_MIN, burstSummary, ORDER_KIND_LABEL, parseBurstCount, type BurstResult, type OrderKind } from './storefront';

interface BurstProps {
  sandboxMode: boolean;
  label: string;
  action: string;
  /** The channel the button calls. */
  channel: ChannelName;
  testId: string;
  defaultCount: number;
  post(count: number): Promise<BurstResult | AppError>;
  children?: ReactNode;
}

const isError = (r: BurstResult | AppError): r is AppError => 'code' in r;

/** One burst: how many, the button, and what came of it. */
function Burst({ sandboxMode, label, action, channel, testId, defaultCount, post, children }: BurstProps) {
  const [text, setText] = useState(String(defaultCount));
  const [posting, setPosting] = useState(false);
  const [result, setResult] = useState<BurstResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const count = parseBurstCount(text);

  async function send() {
    if (count == null || !sandboxMode) return;
    setPosting(true);
    setError(null);
    const answer = await post(count);
    setPosting(false);
    if (isError(answer)) setError(answer);
    else setResult(answer);
  }

  return (
    <div className="sd-storefront-burst">
      <div className="sd-inline sd-storefront-controls">
        <label className="sd-inline sd-storefront-count">
          <span className="sd-muted">{label}</span>
          <InputGroup
            data-testid={`${testId}-count`}
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
            onKeyDown={(e) => e.key === 'Enter' && void send()}
          />
        </label>
        {children}
        <RoleButton
          action={channel}
          data-testid={`${testId}-post`}
          size="small"
          icon="send-message"
          text={action}
          loading={posting}
          disabled={count == null || !sandboxMode}
          title={!sandboxMode ? 'Runs in sandbox mode only' : undefined}
          onClick={() => void send()}
        />
      </div>
      {count == null && <div className="sd-danger-text sd-storefront-note">Enter a whole number from {BURST_MIN} to {BURST_MAX}.</div>}
      {error && (
        <Callout intent="danger" compact className="sd-compact-callout" data-testid={`${testId}-error`} data-code={error.code}>
          Nothing was posted: {error.message}
        </Callout>
      )}
      {result && !error && (
        <Callout
          intent={result.failed > 0 ? 'warning' : 'success'}
          compact
          icon={result.failed > 0 ? 'warning-sign' : 'tick-circle'}
          className="sd-compact-callout"
          data-testid={`${testId}-result`}
          data-sent={result.sent}
          data-failed={result.failed}
        >
          {burstSummary(result)}
        </Callout>
      )}
    </div>
  );
}

const answer = async <T extends BurstResult>(pending: Promise<{ ok: true; data: T } | { ok: false; error: AppError }>) => {
  const r = await settle(pending);
  return r.ok ? r.data : r.error;
};

/** Posts bursts to the platform API the way a storefront would, for the demo: registrations, and orders. */
export function StorefrontSimulator({ sandboxMode }: { sandboxMode: boolean }) {
  const [kind, setKind] = useState<OrderKind>('mixed');
  return (
    <div className="sd-storefront" data-testid="storefront-simulator">
      <div className="sd-storefront-row">
        <div className="sd-storefront-text">
          <div className="sd-strong">Storefront simulator</div>
          <div className="sd-muted">
            Posts to the platform API with the platform API key: registrations (some with cost codes of linked departments), and orders (by contacts of
            accounts, and anonymous checkouts) that go to the ERP.
          </div>
        </div>
        <div className="sd-storefront-bursts">
          <Burst sandboxMode={sandboxMode} label="Registrations" action="Post registrations" channel="sandbox:storefront-burst" testId="storefront" defaultCount={BURST_DEFAULT} post={(count) => answer(api().sandboxStorefrontBurst({ count }))} />
          <Burst sandboxMode={sandboxMode} label="Orders" action="Place orders" channel="sandbox:storefront-orders" testId="storefront-orders" defaultCount={10} post={(count) => answer(api().sandboxStorefrontOrders({ count, kind }))}>
            <HTMLSelect
              data-testid="storefront-orders-kind"
              aria-label="Kind of orders"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as OrderKind)}
              options={(Object.keys(ORDER_KIND_LABEL) as OrderKind[]).map((k) => ({ value: k, label: ORDER_KIND_LABEL[k] }))}
            />
          </Burst>
        </div>
      </div>
      {!sandboxMode && <div className="sd-muted sd-storefront-note">Turn sandbox mode on to post simulated registrations and orders.</div>}
    </div>
  );
}
