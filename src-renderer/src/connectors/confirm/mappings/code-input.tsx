import { InputGroup, Tag } from '@blueprintjs/core';
import { codeName, type CodeOption } from './code-options';

export function CodeDatalist({ id, options }: { id: string; options: readonly CodeOption[] }) {
  return (
    <datalist id={id}>
      {options.map((o) => (
        <option key={o.code} value={o.code} label={o.name} />
      ))}
    </datalist>
  );
}

interface CodeInputProps {
  id: string;
  testId: string;
  label: string;
  value: string;
  /** Confirm's list for this value; null when it is free text or the lookups are not loaded. */
  options: readonly CodeOption[] | null;
  placeholder?: string;
  onChange(value: string): void;
}

/** Free text with the matching code list offered, and the code's name (or "unknown code") beside it. */
export function CodeInput({ id, testId, label, value, options, placeholder, onChange }: CodeInputProps) {
  const name = codeName(options, value);
  const status =
    options && value.trim() ? (
      <Tag minimal intent={name ? 'none' : 'warning'} className="sd-tag sd-code-tag" title={name ?? 'Not a code in the lookups'}>
        {name ?? 'unknown code'}
      </Tag>
    ) : undefined;
  return (
    <>
      <InputGroup
        data-testid={testId}
        aria-label={label}
        size="small"
        fill
        spellCheck={false}
        maxLength={2000}
        list={options ? id : undefined}
        placeholder={placeholder ?? (options ? 'Type or pick a code' : 'Text')}
        value={value}
        rightElement={status}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {options && <CodeDatalist id={id} options={options} />}
    </>
  );
}
