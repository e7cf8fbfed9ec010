import type { CSSProperties } from 'react';
import { formatExchange, type ExchangePart, type Token } from './exchange-format';

const ROLE_LABEL: Record<ExchangePart['role'], string | null> = { line: null, request: 'Request', response: 'Response', text: null };

type Piece = { kind: Token['kind']; text: string };
/** One line of code: its indentation, and its words (runs between whitespace, each a list of coloured pieces) with the whitespace between them. */
export interface CodeLine {
  indent: number;
  words: (Piece[] | string)[];
}

/**
 * The code's lines and words. A line breaks only at its whitespace (between attributes, between a tag and its text),
 * never inside a word ("envelope/\">", a URL, an id): a word wider than the box scrolls sideways instead. A line's
 * indentation is glued to its first word, so it is never where the line breaks.
 */
export function codeLines(tokens: readonly Token[]): CodeLine[] {
  const lines: CodeLine[] = [{ indent: 0, words: [] }];
  let word: Piece[] | null = null;
  const line = () => lines[lines.length - 1]!;
  const addWord = (kind: Token['kind'], text: string) => {
    if (!word) line().words.push((word = []));
    word.push({ kind, text });
  };
  for (const t of tokens) {
    for (const bit of t.text.split(/(\s+)/)) {
      if (bit === '') continue;
      if (!/^\s+$/.test(bit)) {
        addWord(t.kind, bit);
        continue;
      }
      const breaks = bit.split('\n');
      if (breaks.length === 1) {
        // Whitespace at the start of a line is its indentation, part of the first word; elsewhere a place to break.
        if (line().words.length === 0) {
          line().indent = bit.length;
          addWord('plain', bit);
        } else {
          word = null;
          line().words.push(bit);
        }
        continue;
      }
      const indent = breaks[breaks.length - 1]!;
      for (let i = 1; i < breaks.length; i++) lines.push({ indent: 0, words: [] });
      word = null;
      if (indent) {
        line().indent = indent.length;
        addWord('plain', indent);
      }
    }
  }
  return lines;
}

function CodeWord({ pieces }: { pieces: readonly Piece[] }) {
  return (
    <span className="sd-code-word">
      {pieces.map((t, j) =>
        t.kind === 'plain' || t.kind === 'punct' ? (
          t.text
        ) : (
          <span key={j} className={`sd-tok-${t.kind}`} title={t.kind === 'mask' ? 'A secret, masked' : undefined}>
            {t.text}
          </span>
        ),
      )}
    </span>
  );
}

/**
 * Laid-out code, each token in its colour (the classes are in theme.css); a masked secret says so on hover. Each
 * line is a block whose wrapped part hangs two characters deeper than its indentation; its newline stays in the text,
 * so a copy keeps the layout.
 */
export function CodeTokens({ tokens }: { tokens: readonly Token[] }) {
  const lines = codeLines(tokens);
  return (
    <>
      {lines.map((line, i) => (
        <span key={i} className="sd-code-line" style={{ '--sd-code-indent': `${line.indent + 2}ch` } as CSSProperties}>
          {line.words.map((w, j) => (typeof w === 'string' ? w : <CodeWord key={j} pieces={w} />))}
          {i < lines.length - 1 ? '\n' : null}
        </span>
      ))}
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
