import { Button, NonIdealState, Spinner, SpinnerSize } from '@blueprintjs/core';
import type { KeysetListState } from './keyset-list';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { fitColumns } from './column-fit';
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
}

// The px a track needs at least: '140px' or 'minmax(90px, 1fr)' say it; anything else counts as 80.
function minPxOf(width: string): number {
  const m = /^(?:minmax\()?(\d+)px/.exec(width);
  return m ? Number(m[1]) : 80;
}

// The marker that names the columns this width hides.
const HIDDEN_MARKER_PX = 40;
// Each cell's horizontal padding (tables.css), which the tracks' minimums do not include.
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
// Matches .sd-vtable-head in tables.css; the header sits inside the scroller so its columns track the rows exactly.
const HEADER_HEIGHT = 28;

/** A windowed grid: only visible rows are in the DOM, and the next keyset page loads before the end is reached. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, rowHeight = 30, loading, hasMore, onEndReached } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [measure, width] = useWidth();
  // The table shows what fits its width, least important columns first to go, and says which it hid.
  const { columns, hidden } = useMemo(() => {
    const fit = fitColumns(
      props.columns.map((c) => ({ key: c.key, minPx: minPxOf(c.width) + CELL_PADDING_PX, priority: c.priority })),
      width,
      HIDDEN_MARKER_PX,
    );
    return { columns: props.columns.filter((c) => fit.has(c.key)), hidden: props.columns.filter((c) => !fit.has(c.key)) };
  }, [props.columns, width]);
  const template = [...columns.map((c) => c.width), ...(hidden.length ? [`${HIDDEN_MARKER_PX}px`] : [])].join(' ');
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

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
    <div className="sd-vtable" ref={measure}>
      {/* The scroller is the table: rows that open something take the focus themselves, and a table of plain rows
          takes it as a whole, so the keyboard can scroll it. */}
      <div className="sd-vtable-body" role="table" ref={scrollRef} onScroll={onScroll} tabIndex={props.onRowClick && props.rows.length > 0 ? undefined : 0}>
        <div className="sd-vtable-head" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={c.className} title={c.title ?? (typeof c.header === 'string' ? c.header : undefined)}>
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
                    <div key={c.key} role="cell" className={c.className}>
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
