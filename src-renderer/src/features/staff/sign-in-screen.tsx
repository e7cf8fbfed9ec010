import { Button, Callout, Card, FormGroup, InputGroup } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { StaffSession } from '../../../../src-preload/contract';
import { signIn } from './team-auth';

/** A team server's front door: email and password, the server's refusal shown in its own plain words. */
export function SignInScreen(props: { onSignedIn: (session: StaffSession) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await signIn(email, password);
    setBusy(false);
    if (r.ok) props.onSignedIn(r.session);
    else {
      setError(r.error.message);
      setPassword('');
    }
  };
  return (
    <div className="sd-fullscreen">
      <Card className="sd-sign-in" elevation={2}>
        <h2>Sign in to SyncDesk</h2>
        <form onSubmit={(e) => void submit(e)}>
          <FormGroup label="Email" labelFor="sign-in-email">
            <InputGroup id="sign-in-email" data-testid="sign-in-email" type="email" autoComplete="username" value={email} onValueChange={setEmail} autoFocus />
          </FormGroup>
          <FormGroup label="Password" labelFor="sign-in-password">
            <InputGroup id="sign-in-password" data-testid="sign-in-password" type="password" autoComplete="current-password" value={password} onValueChange={setPassword} />
          </FormGroup>
          {error && (
            <Callout intent="danger" data-testid="sign-in-error" className="sd-sign-in-error">
              {error}
            </Callout>
          )}
          <Button data-testid="sign-in-submit" type="submit" intent="primary" text="Sign in" loading={busy} disabled={!email || !password} fill />
        </form>
      </Card>
    </div>
  );
}
