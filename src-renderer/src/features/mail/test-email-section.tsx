import { ErrorDetails, issueText } from '../../components/field-issues';
import { Button, Callout, FormGroup, InputGroup, Section, SectionCard } from '@blueprintjs/core';
import { useState } from 'react';
import { channels, limitsOfShape, type AppError } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { RoleButton } from '../../components/role-gate';

type Outcome = { ok: boolean; message: string } | AppError;

const TO_LIMITS = limitsOfShape(channels['mail:send-test'].input, ['to']);

/** name@host.tld with nothing else: the check main makes again, said here before sending. */
function looksLikeAddress(text: string): boolean {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(text.trim());
}

/** One email to an address staff choose, through the saved settings (or the catcher, in sandbox mode). */
export function TestEmailSection({ sandbox }: { sandbox: boolean }) {
  const [to, setTo] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Said beside the box as soon as the typed text cannot be an address, before anything is sent.
  const [malformed, setMalformed] = useState(false);

  async function send() {
    setSending(true);
    setOutcome(null);
    const result = await settle(api().mailSendTest({ to: to.trim() }));
    setSending(false);
    setOutcome(result.ok ? result.data : result.error);
  }

  const sentIssue = outcome && 'code' in outcome ? outcome.issues?.find((i) => i.path.split('.')[0] === 'to') : undefined;
  const toIssue = sentIssue ?? (malformed ? { path: 'to', message: 'a valid email address', rule: 'email' as const } : undefined);
  const passed = outcome != null && 'ok' in outcome && outcome.ok;

  return (
    <Section compact icon="send-message" title="Send test email" className="sd-connection" data-testid="mail-test">
      <SectionCard padded>
        <form
          className="sd-test-mail"
          onSubmit={(e) => {
            e.preventDefault();
            if (!to.trim()) return;
            if (!looksLikeAddress(to)) return setMalformed(true);
            void send();
          }}
        >
          <FormGroup
            className="sd-field"
            label="Recipient"
            labelFor="mail-test-to"
            intent={toIssue ? 'danger' : 'none'}
            helperText={
              (toIssue && issueText(toIssue, { to: 'Recipient' })) ??
              (sandbox ? 'In sandbox mode it lands in the catcher (see Sent mail), not in this mailbox.' : 'Uses the saved settings: save changes first.')
            }
          >
            <div className="sd-secret">
              <InputGroup
                id="mail-test-to"
                data-testid="mail-test-to"
                size="small"
                type="email"
                placeholder="you@example.com"
                intent={toIssue ? 'danger' : 'none'}
                maxLength={TO_LIMITS.to?.maxLength}
                value={to}
                onChange={(e) => {
                  setTo(e.currentTarget.value);
                  if (malformed && looksLikeAddress(e.currentTarget.value)) setMalformed(false);
                }}
                onBlur={() => setMalformed(to.trim() !== '' && !looksLikeAddress(to))}
              />
              <RoleButton action="mail:send-test" data-testid="mail-test-send" type="submit" size="small" icon="send-message" text="Send test email" loading={sending} disabled={to.trim() === ''} />
            </div>
          </FormGroup>
        </form>
        {outcome && !toIssue && (
          <Callout
            intent={passed ? 'success' : 'danger'}
            icon={passed ? 'tick-circle' : 'error'}
            compact
            className="sd-compact-callout"
            data-testid="mail-test-result"
            data-ok={String(passed)}
          >
            {passed ? 'Sent: ' : 'Not sent: '}
            {outcome.message}
            {'code' in outcome && <ErrorDetails detail={outcome.detail} />}
          </Callout>
        )}
      </SectionCard>
    </Section>
  );
}
