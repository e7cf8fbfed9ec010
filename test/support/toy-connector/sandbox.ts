import { SandboxServer } from '../../../src-main/sandbox/sandbox-server';

/** The toy remote: notes to fetch, and a create endpoint that counts effects per idempotency key. */
export class ToySandbox extends SandboxServer {
  readonly posted: string[] = [];
  constructor(seed: number) {
    super('Toy notes (test)', seed, {
      'GET /notes': () => ({ status: 200, body: { items: ['first remote note', 'second remote note'] } }),
      'POST /notes': (req) => {
        const key = req.headers['idempotency-key'];
        const text = (JSON.parse(req.body || '{}') as { text?: string }).text ?? '';
        if (typeof key === 'string' && this.recordEffect(key)) this.posted.push(text);
        return { status: 201, body: { ok: true } };
      },
    });
  }
}

/** A second simulator beside the first (as an SMTP catcher sits beside an accounting API). */
export class ToyAuditSandbox extends SandboxServer {
  constructor(seed: number) {
    super('Toy audit trail (test)', seed, { 'GET /audit': () => ({ status: 200, body: { entries: 0 } }) });
  }
}
