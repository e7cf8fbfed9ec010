import { InputGroup } from '@blueprintjs/core';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * A list's search box: typing is shown at once and searched once the typist pauses; the box follows `value` when
 * the search is changed or reset elsewhere.
 */
export function SearchBox(props: { value: string; onSearch: (q: string) => void; testId: string; placeholder: string; maxLength: number }) {
  const { value, onSearch } = props;
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  // The box is at least as wide as its placeholder, so the hint reads whole ("Search name, email, company, cost code…").
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    const s = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return;
    ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const need = Math.ceil(ctx.measureText(props.placeholder).width + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) + 4);
    // On the input group (React sets no style of its own there), never wider than the row it sits in.
    if (el.parentElement) el.parentElement.style.minWidth = `min(100%, ${need}px)`;
  }, [props.placeholder]);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <InputGroup
      data-testid={props.testId}
      type="search"
      leftIcon="search"
      placeholder={props.placeholder}
      size="small"
      maxLength={props.maxLength}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      className="sd-filter-search"
      inputRef={input}
    />
  );
}
