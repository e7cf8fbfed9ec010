import { formatExchange, type ExchangePart, type Token } from './exchange-format';

const ROLE_LABEL: Record<ExchangePart['role'], string | null> = { line: null, request: 'Request', response: 'Response', text: null };

/** Laid-out code, each token in its colour (the classes are in theme.css); a masked secret says so on hover. */
export function CodeTokens({ tokens }: { tokens: readonly Token[] }) {
  return (
    <>
      {tokens.map((t, j) =>
        t.kind === 'plain' || t.kind === 'punct' ? (
          t.text
        ) : (
          <span key={j} className={`sd-tok-${t.kind}`} title={t.kind === 'mask' ? 'A secret, masked' : undefined}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
}

/** A recorded request and answer, indented and coloured by token. */
export function ExchangeView({ details }: { details: string }) {
  const parts = formatExchange(details);
  return (
    <div className="sd-exchange" data-testid="log-exchange">
      {parts.map((part, i) => (
        <div key={i} className={`sd-exchange-part is-${part.role}`}>
          {ROLE_LABEL[part.role] && (
            <div className="sd-exchange-label">
              {ROLE_LABEL[part.role]}
              {part.language !== 'text' && <span className="sd-muted"> · {part.language.toUpperCase()}</span>}
            </div>
          )}
          {/* A focusable region: long bodies scroll sideways, and the keyboard must reach that scroll. */}
          <pre className="sd-code" data-language={part.language} tabIndex={0} aria-label={ROLE_LABEL[part.role] ?? 'Request line'}>
            <CodeTokens tokens={part.tokens} />
          </pre>
        </div>
      ))}
    </div>
  );
}
