// A restarted simulator never hands out an id the store may already hold: each start of a data folder's simulators
// numbers what they create further on (the count is kept in the data folder, committed before they start).
import { describe, expect, it } from 'vitest';
import { startTestCore, tempDir } from '../support/harness';
import { createConfirmConnector, CONFIRM_ID } from '../../src-main/connectors/confirm';
import { createCermConnector, CERM_ID } from '../../src-main/connectors/cerm';
import type { ConfirmSandbox } from '../../src-main/connectors/confirm/sandbox';
import type { CermSandbox } from '../../src-main/connectors/cerm/sandbox';

describe('simulators across restarts', () => {
  it('number Enquiries and CERM customers further on at every start of the same data folder', async () => {
    const dir = tempDir();
    const seen = { enquiries: new Set<string>(), customers: new Set<string>() };
    for (let start = 0; start < 3; start++) {
      const h = await startTestCore({ dataDir: dir, core: { connectors: [createConfirmConnector(), createCermConnector({ customers: 20 })] } });
      const confirm = h.services.sandboxes.get(CONFIRM_ID) as ConfirmSandbox;
      const cerm = h.services.sandboxes.get(CERM_ID) as CermSandbox;
      const numbers = [confirm.issueEnquiryNumber(), confirm.issueEnquiryNumber()];
      const ids = [cerm.addCustomer({ Name: 'A' }).Id, cerm.addCustomer({ Name: 'B' }).Id];
      for (const n of numbers) expect(seen.enquiries.has(n)).toBe(false);
      for (const id of ids) expect(seen.customers.has(id)).toBe(false);
      numbers.forEach((n) => seen.enquiries.add(n));
      ids.forEach((id) => seen.customers.add(id));
      if (start === 0) expect([numbers, ids]).toEqual([['1001', '1002'], ['000021', '000022']]);
      await h.close(false);
    }
    expect(seen.enquiries.size).toBe(6);
    expect(seen.customers.size).toBe(6);
  });
});
