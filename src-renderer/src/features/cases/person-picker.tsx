import { Button, InputGroup, Menu, MenuItem, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { CustomerView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { customerName } from '../customers/customer-format';

const SEARCH_DEBOUNCE_MS = 250;
const MATCHES = 8;

interface PersonPickerProps {
  personId: number | null;
  personName: string | null;
  onChange(personId: number | null, personName: string | null): void;
}

/** The case's linked person: a customer found by name, email or company. */
export function PersonPicker({ personId, personName, onChange }: PersonPickerProps) {
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<CustomerView[]>([]);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (!text) return setMatches([]);
    let live = true;
    const timer = setTimeout(() => {
      setSearching(true);
      void settle(api().customersSearch({ q: text, limit: MATCHES })).then((result) => {
        if (!live) return;
        setSearching(false);
        if (result.ok) {
          setMatches(result.data.customers);
          setFailed(null);
        } else setFailed(result.error.message);
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  if (personId != null) {
    return (
      <div className="sd-link-box" data-testid="case-person" data-id={personId}>
        <span className="sd-strong">{personName ?? `Customer #${personId}`}</span>
        <Button data-testid="case-person-clear" size="small" variant="minimal" icon="cross" text="Unlink" onClick={() => onChange(null, null)} />
      </div>
    );
  }
  return (
    <div className="sd-person-picker">
      <InputGroup
        data-testid="case-person-search"
        type="search"
        size="small"
        leftIcon="search"
        placeholder="Find a customer by name, email or company…"
        maxLength={100}
        value={q}
        rightElement={searching ? <Spinner size={14} /> : undefined}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {failed && <div className="sd-danger-text">{failed}</div>}
      {q.trim() && !searching && matches.length === 0 && !failed && <div className="sd-muted sd-row-note">No customer matches.</div>}
      {matches.length > 0 && (
        <Menu small className="sd-person-matches">
          {matches.map((c) => (
            <MenuItem
              key={c.id}
              data-testid="case-person-option"
              text={customerName(c)}
              label={c.email}
              onClick={() => {
                onChange(c.id, customerName(c));
                setQ('');
              }}
            />
          ))}
        </Menu>
      )}
    </div>
  );
}
