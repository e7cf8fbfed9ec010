// Child process of the Confirm crash test: a real core on a data folder, raising Enquiries at the parent's Confirm
// simulator (a process of its own), killed with SIGKILL by the parent at chosen points.
import { createCore } from '../../src-main/core/create-core';
import { createConfirmConnector, CONFIRM_ID } from '../../src-main/connectors/confirm';
import { confirmSandboxConnectionValues, SANDBOX_CREDENTIALS } from '../../src-main/connectors/confirm/sandbox';
import { memoryCredentials } from './memory-credentials';

const [dataDir, sandboxUrl, caseCount] = process.argv.slice(2) as [string, string, string];

const core = await createCore({
  mode: 'headless',
  dataDir,
  launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
  connectors: [createConfirmConnector()],
  credentials: memoryCredentials({ [`connection:${CONFIRM_ID}:password`]: SANDBOX_CREDENTIALS.password }),
  jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 }, leaseMs: 1500, pollMs: 20, concurrency: 4 },
});
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}
const repos = core.services.repos;
if (repos.cases.page({ after: null, limit: 1 }).rows.length === 0) {
  const { values } = confirmSandboxConnectionValues(sandboxUrl);
  await call('connections:save', { connectorId: CONFIRM_ID, values: { ...values, timeoutMs: 2000 }, secrets: { password: SANDBOX_CREDENTIALS.password } });
  const ref = await call<{ id: number }>('references:save', { name: 'Enquiry Number' });
  const template = await call<{ id: number }>('templates:save', {
    name: 'Raise',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
      { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
      { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'static', value: '30' } },
    ],
  });
  await call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: template.id });
  await core.services.jobs.stop();
  for (let i = 0; i < Number(caseCount); i++) await call('cases:save', { title: `Pothole ${i}`, values: {} });
  core.services.jobs.start();
}
const raised = () => repos.jobs.counts().done;
console.log('READY');
const timer = setInterval(() => console.log(`DONE ${raised()}`), 30);
await core.services.jobs.whenSettled();
clearInterval(timer);
console.log(`DONE ${raised()}`);
console.log('SETTLED');
await core.close();
process.exit(0);
