import { InputGroup } from '@blueprintjs/core';
import { useEffect, useState } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * A list's search box: typing is shown at once and searched once the typist pauses; the box follows `value` when
 * the search is changed or reset elsewhere.
 */
export function SearchBox(props: { value: string; onSearch: (q: string) => void; testId: string; placeholder: string; maxLength: number }) {
  const { value, onSearch } = props;
  const [text, setText] = useState(value);
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
    />
  );
}
