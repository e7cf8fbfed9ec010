import { Button, NonIdealState, Spinner, SpinnerSize } from '@blueprintjs/core';
import type { KeysetListState } from './keyset-list';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { fitColumns, shareWidth } from './column-fit';
import { revealCutText, useWidth } from './use-width';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** A CSS grid track, e.g. '140px' or 'minmax(200px, 1fr)'. */
  width: string;
  render(row: T): ReactNode;
  className?: string;
  /** 1 (the default) is always shown; higher numbers give way first when the table is narrow. */
  priority?: number;
  /** The header's full wording when `header` is not plain text (its tooltip). */
  title?: string;
  /** The table's key text (a name, an action, a message): it gets its width first, and lesser columns give way so it reads whole. */
  isKey?: boolean;
}

// The px a track needs at least: '140px' or 'minmax(90px, 1fr)' say it; anything else counts as 80.
function minPxOf(width: string): number {
  const m = /^(?:minmax\()?(\d+)px/.exec(width);
  return m ? Number(m[1]) : 80;
}

// How much of the room left over a track takes: its `fr` ('minmax(90px, 2fr)' says 2); a fixed track takes none.
function growOf(width: string): number {
  const m = /(\d+(?:\.\d+)?)fr/.exec(width);
  return m ? Number(m[1]) : 0;
}

// The narrowest a measured column goes: its content's or header's width, but never less than this.
const BLANK_MIN_PX = 48;

/** A cell that shows there is nothing here ("—", "not linked"): a column of only these gives its width away. */
export function Blank({ text = '—' }: { text?: string }) {
  return (
    <span className="sd-muted" data-blank="">
      {text}
    </span>
  );
}

function isBlankCell(cell: Element): boolean {
  // Something to press or see (an icon button, a link, a tag, an icon) is content, whatever its text.
  if (cell.querySelector('button, a, input, select, textarea, [role="button"], svg, img, .bp6-tag, .bp6-icon')) return false;
  const text = (cell.textContent ?? '').trim();
  if (text === '' || /^[—–-]$/.test(text)) return true;
  const marked = cell.querySelectorAll('[data-blank]');
  return marked.length > 0 && [...marked].map((m) => (m.textContent ?? '').trim()).join('') === text;
}

/** What the cells shown so far ask of a column: the widest's natural width (padding included) and whether all are blank. */
interface ColumnContent {
  wantPx: number;
  headPx: number;
  blank: boolean;
}

// Sub-pixel text and the cell's scrollWidth rounding: a measured width this much wider always reads whole.
const MEASURE_SLACK_PX = 2;

// The marker that names the columns this width hides.
const HIDDEN_MARKER_PX = 40;
// Each cell's horizontal padding (tables.css): room kept beside a track's minimum until its cells are measured.
const CELL_PADDING_PX = 16;

interface VirtualTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string | number;
  rowHeight?: number;
  rowTestId?: string;
  rowAttributes?(row: T): Record<string, string>;
  rowClassName?(row: T): string | undefined;
  selectedKey?: string | number | null;
  onRowClick?(row: T): void;
  loading: boolean;
  hasMore: boolean;
  onEndReached(): void;
  onScrollTopChange?(atTop: boolean): void;
  empty: ReactNode;
  endLabel?: string;
  error?: ReactNode;
  /** Changing it scrolls back to the top (a new query). */
  resetKey?: string | number;
}

const LOAD_AHEAD_ROWS = 40;
const EMPTY_CONTENT: ReadonlyMap<string, ColumnContent> = new Map();
// Matches .sd-vtable-head in tables.css; the header sits inside the scroller so its columns track the rows exactly.
const HEADER_HEIGHT = 28;

/** A windowed grid: only visible rows are in the DOM, and the next keyset page loads before the end is reached. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, rowHeight = 30, loading, hasMore, onEndReached } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [measure, width] = useWidth();
  // The scroller is measured, so a vertical scrollbar's width is not counted as room for the columns.
  const bodyRef = useCallback(
    (el: HTMLDivElement | null) => {
      scrollRef.current = el;
      measure(el);
    },
    [measure],
  );
  // What the rows shown so far hold, per column; a new query starts again.
  const [content, setContent] = useState<{ resetKey: unknown; columns: unknown; byKey: ReadonlyMap<string, ColumnContent> }>({
    resetKey: props.resetKey,
    columns: props.columns,
    byKey: new Map(),
  });
  const byKey = content.resetKey === props.resetKey && content.columns === props.columns ? content.byKey : EMPTY_CONTENT;
  // An empty table shows its headers only: each column needs no more than its header, so every header is shown.
  const [heads, setHeads] = useState<{ columns: unknown; byKey: ReadonlyMap<string, number> }>({ columns: null, byKey: new Map() });
  const emptyShown = rows.length === 0 && !loading;
  const headPxOf = emptyShown && heads.columns === props.columns ? heads.byKey : null;
  // The table shows what fits its width, blank and least important columns first to go, and says which it hid; the
  // width goes to the columns whose text would be cut, shortest need first, so the key columns read whole.
  const { columns, hidden, template } = useMemo(() => {
    const info = props.columns.map((c) => {
      const head = headPxOf?.get(c.key);
      if (head !== undefined) return { c, blank: false, measured: true, floorPx: head, wantPx: head, grow: growOf(c.width) };
      // Not measured yet in an empty table: shown at its narrowest, so its header is measured on the next pass.
      if (emptyShown) return { c, blank: false, measured: true, floorPx: BLANK_MIN_PX, wantPx: BLANK_MIN_PX, grow: growOf(c.width) };
      const m = byKey.get(c.key);
      const minPx = minPxOf(c.width);
      const blank = m?.blank ?? false;
      // Once its cells are measured, a column needs no more than its widest cell or its header (a blank one: its
      // header), so the room it does not use goes to the columns whose text would be cut.
      const wantPx = m ? Math.max(m.wantPx, m.headPx, BLANK_MIN_PX) : minPx;
      const floorPx = Math.min(minPx, wantPx);
      return { c, blank, measured: !!m, floorPx, wantPx, grow: blank ? 0 : growOf(c.width) };
    });
    const fit = fitColumns(
      info.map((i) => ({ key: i.c.key, minPx: i.floorPx + (i.measured ? 0 : CELL_PADDING_PX), priority: i.c.priority, blank: i.blank, wantPx: i.wantPx, isKey: i.c.isKey })),
      width,
      HIDDEN_MARKER_PX,
    );
    const shown = info.filter((i) => fit.has(i.c.key));
    const hidden = props.columns.filter((c) => !fit.has(c.key));
    const room = width - (hidden.length ? HIDDEN_MARKER_PX : 0);
    const px = width > 0 ? shareWidth(shown.map((i) => ({ key: i.c.key, floorPx: i.floorPx, wantPx: i.wantPx, grow: i.grow, isKey: i.c.isKey })), room) : null;
    const tracks = shown.map((i) => (px ? `${px.get(i.c.key)}px` : i.c.width));
    return { columns: shown.map((i) => i.c), hidden, template: [...tracks, ...(hidden.length ? [`${HIDDEN_MARKER_PX}px`] : [])].join(' ') };
  }, [props.columns, width, byKey, headPxOf, emptyShown]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;
  const firstIndex = items.length > 0 ? items[0].index : -1;
  const shownKeys = columns.map((c) => c.key).join(' ');

  // Measures the natural width of every rendered cell and header (laid out at max-content for the moment of the
  // reading), and keeps the widest per column and whether every cell so far is blank.
  useLayoutEffect(() => {
    const body = scrollRef.current;
    if (!body) return;
    body.classList.add('is-measuring');
    const next = new Map(byKey);
    let changed = false;
    const note = (key: string, patch: (m: ColumnContent) => ColumnContent) => {
      const before = next.get(key) ?? { wantPx: 0, headPx: 0, blank: true };
      const after = patch(before);
      if (after.wantPx !== before.wantPx || after.headPx !== before.headPx || after.blank !== before.blank || !next.has(key)) {
        next.set(key, after);
        changed = true;
      }
    };
    for (const el of body.querySelectorAll<HTMLElement>('[data-col-head]')) {
      const px = Math.ceil(el.getBoundingClientRect().width) + MEASURE_SLACK_PX;
      note(el.dataset.colHead!, (m) => ({ ...m, headPx: Math.max(m.headPx, px) }));
    }
    for (const el of body.querySelectorAll<HTMLElement>('[data-col]')) {
      const px = Math.ceil(el.getBoundingClientRect().width) + MEASURE_SLACK_PX;
      const blank = isBlankCell(el);
      note(el.dataset.col!, (m) => ({ ...m, wantPx: blank ? m.wantPx : Math.max(m.wantPx, px), blank: m.blank && blank }));
    }
    const measuredCells = body.querySelector('[data-col]') !== null;
    body.classList.remove('is-measuring');
    // A column measured with no rows yet says nothing about its cells: it is not blank. Its header's width is what an
    // empty table needs of it.
    if (!measuredCells) {
      const known = heads.columns === props.columns ? heads.byKey : new Map<string, number>();
      const headPx = new Map(known);
      for (const [key, m] of next) if (m.headPx > (headPx.get(key) ?? 0)) headPx.set(key, m.headPx);
      if (headPx.size !== known.size || [...headPx].some(([k, v]) => known.get(k) !== v)) setHeads({ columns: props.columns, byKey: headPx });
      return;
    }
    if (changed) setContent({ resetKey: props.resetKey, columns: props.columns, byKey: next });
  }, [rows, props.columns, props.resetKey, byKey, heads, shownKeys, firstIndex, lastIndex]);

  useEffect(() => {
    if (hasMore && !loading && !props.error && rows.length - lastIndex <= LOAD_AHEAD_ROWS) onEndReached();
  }, [lastIndex, rows.length, hasMore, loading, props.error, onEndReached]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.resetKey]);

  const onScroll = props.onScrollTopChange
    ? () => props.onScrollTopChange!((scrollRef.current?.scrollTop ?? 0) < rowHeight / 2)
    : undefined;

  let footer: ReactNode = null;
  if (props.error) footer = props.error;
  else if (loading) footer = <Spinner size={SpinnerSize.SMALL} />;
  else if (!hasMore && rows.length > 0 && props.endLabel) footer = props.endLabel;

  return (
    <div className="sd-vtable">
      {/* The scroller is the table: rows that open something take the focus themselves, and a table of plain rows
          takes it as a whole, so the keyboard can scroll it. */}
      <div className="sd-vtable-body" role="table" ref={bodyRef} onScroll={onScroll} tabIndex={props.onRowClick && props.rows.length > 0 ? undefined : 0}>
        <div className="sd-vtable-head" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" data-col-head={c.key} className={c.className} title={c.title ?? (typeof c.header === 'string' ? c.header : undefined)}>
              {c.header}
            </div>
          ))}
          {hidden.length > 0 && <HiddenColumnsMarker names={hidden.map((c) => c.title ?? (typeof c.header === 'string' ? c.header : c.key))} />}
        </div>
        {rows.length === 0 && !loading && !props.error ? (
          <div className="sd-vtable-empty" role="row">
            <div role="cell">{props.empty}</div>
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows[item.index];
              const key = props.rowKey(row);
              const selected = props.selectedKey != null && props.selectedKey === key;
              const extra = props.rowClassName?.(row);
              return (
                <div
                  key={key}
                  role="row"
                  data-testid={props.rowTestId}
                  {...props.rowAttributes?.(row)}
                  className={`sd-vtable-row${selected ? ' is-selected' : ''}${props.onRowClick ? ' is-clickable' : ''}${extra ? ` ${extra}` : ''}`}
                  style={{ gridTemplateColumns: template, height: item.size, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                  onClick={props.onRowClick ? () => props.onRowClick!(row) : undefined}
                  tabIndex={props.onRowClick ? 0 : undefined}
                  aria-selected={props.onRowClick ? selected : undefined}
                  onKeyDown={props.onRowClick ? (e) => openFromKeyboard(e, () => props.onRowClick!(row)) : undefined}
                  onMouseOver={revealCutText}
                >
                  {columns.map((c) => (
                    <div key={c.key} role="cell" data-col={c.key} className={c.className}>
                      {c.render(row)}
                    </div>
                  ))}
                  {hidden.length > 0 && <div role="cell" />}
                </div>
              );
            })}
          </div>
        )}
        {footer && (
          <div className="sd-vtable-footer" role="row">
            <div role="cell">{footer}</div>
          </div>
        )}
      </div>
    </div>
  );
}

/** Enter or Space on a row opens it, as a click does; keys meant for a link or button inside the row stay theirs. */
function openFromKeyboard(e: KeyboardEvent<HTMLDivElement>, open: () => void): void {
  if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
  e.preventDefault();
  open();
}

function HiddenColumnsMarker({ names }: { names: readonly string[] }) {
  const text = `Not shown at this width: ${names.join(', ')}. Widen the window or close the panel beside the list to see ${names.length === 1 ? 'it' : 'them'}.`;
  return (
    <div role="columnheader" className="sd-vtable-hidden" data-testid="table-hidden-columns" title={text} aria-description={text}>
      +{names.length}
    </div>
  );
}

export function LoadErrorFooter({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <span className="sd-load-error">
      {message} <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={onRetry} />
    </span>
  );
}

/** A keyset list's part of a table's props: its rows, paging as the table scrolls, and a failed page's retry. */
export function keysetTableProps<T>(
  list: Pick<KeysetListState<T, unknown, unknown>, 'rows' | 'loading' | 'exhausted' | 'queryId' | 'error' | 'reload'>,
  loadMore: () => void,
) {
  return {
    rows: list.rows,
    loading: list.loading,
    hasMore: !list.exhausted,
    onEndReached: loadMore,
    resetKey: list.queryId,
    error: list.error ? <LoadErrorFooter message={list.error.message} onRetry={list.rows.length ? loadMore : () => void list.reload()} /> : undefined,
  };
}

export function EmptyTable({ title, description }: { title: string; description?: string }) {
  return <NonIdealState icon="th-disconnect" title={title} description={description} layout="horizontal" />;
}
