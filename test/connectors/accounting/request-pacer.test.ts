import { describe, expect, it } from 'vitest';
import { RequestPacer, forgetPacers, pacerFor } from '../../../src-main/connectors/accounting/request-pacer';

describe('the request pacer', () => {
  it('is shared per key, and a caller that gives up while waiting does not block the ones behind it', async () => {
    expect(pacerFor('a')).toBe(pacerFor('a'));
    expect(pacerFor('a')).not.toBe(pacerFor('b'));
    forgetPacers();

    const pacer = new RequestPacer({ limit: 1, windowMs: 20 });
    let release!: () => void;
    const first = pacer.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const ac = new AbortController();
    const second = pacer.run(async () => 'second', ac.signal);
    const third = pacer.run(async () => 'third');
    ac.abort(new Error('given up'));
    await expect(second).rejects.toThrow('given up');
    release();
    expect(await first).toBe('first');
    expect(await third).toBe('third');
  });
});
