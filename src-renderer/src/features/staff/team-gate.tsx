import { NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { StaffSession } from '../../../../src-preload/contract';
import { initTeamClient } from '../../api/client';
import { SignInScreen } from './sign-in-screen';
import { whoAmI } from './team-auth';

type Gate = { state: 'asking' } | { state: 'sign-in' } | { state: 'open' } | { state: 'not-team' } | { state: 'unreachable'; message: string };

/** Without a session token: a team server asks staff to sign in; any other server needs its session link. */
export function TeamGate(props: { app: () => ReactNode; missingToken: () => ReactNode }) {
  const [gate, setGate] = useState<Gate>({ state: 'asking' });
  const open = (session: StaffSession) => {
    initTeamClient(session);
    setGate({ state: 'open' });
  };
  useEffect(() => {
    whoAmI()
      .then((me) => (me.kind === 'signed-in' ? open(me.session) : setGate({ state: me.kind === 'signed-out' ? 'sign-in' : 'not-team' })))
      .catch((err: unknown) => setGate({ state: 'unreachable', message: err instanceof Error ? err.message : String(err) }));
  }, []);
  if (gate.state === 'open') return <>{props.app()}</>;
  if (gate.state === 'sign-in') return <SignInScreen onSignedIn={open} />;
  if (gate.state === 'not-team') return <>{props.missingToken()}</>;
  if (gate.state === 'unreachable')
    return (
      <div className="sd-fullscreen">
        <NonIdealState icon="offline" title="Cannot reach the SyncDesk server" description={gate.message} />
      </div>
    );
  return (
    <div className="sd-fullscreen">
      <Spinner />
    </div>
  );
}
