// POST /platform/registrations over real sockets: the media type read by its grammar (issue 9, item 12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore } from '../support/harness';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness;
let key: string;
let url: string;
let n = 0;

beforeAll(async () => {
  h = await startTestCore();
  const rotated = await h.core.dispatch('platform:rotate-key', {});
  if (!rotated.ok) throw new Error(rotated.error.message);
  key = (rotated.data as { newKey: string }).newKey;
  url = `${h.core.listenerUrl}/platform/registrations`;
});
afterAll(async () => {
  await h.close();
});

const registration = () => JSON.stringify({ email: `shop${++n}@example.com`, firstName: 'Sam', lastName: 'Store' });
const post = (contentType: string, headers: Record<string, string> = { 'x-api-key': key }) =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: registration() });

describe('the platform route', () => {
  it('takes application/json by its media type, whatever the case and parameters', async () => {
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ; charset=utf-8;'])
      expect((await post(type)).status, type).toBe(201);
  });

  it('refuses a media type that only starts like JSON with 415', async () => {
    for (const type of ['application/jsonfoo', 'application/json-patch+json', 'application/json/x', 'application/json garbage', 'application/json; charset', 'application/jsonp; charset=utf-8']) {
      const r = await post(type);
      expect(r.status, type).toBe(415);
      expect(await r.json()).toEqual({ error: 'send application/json' });
    }
    expect(await h.services.repos.customers.count()).toBe(5);
  });
});
