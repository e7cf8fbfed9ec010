import { Worker } from 'node:worker_threads';

/**
 * A load generator on its own thread (a second core), as the remote system would be on its own machine: the clients'
 * HTTP work does not eat the listener's CPU. Plain node:http with keep-alive; each client sends its next request
 * when the previous answer has been read.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, method, contentType, bodies, count, clients } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const target = new URL(url);
function one(body) {
  return new Promise((resolve) => {
    const headers = body === null ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const m = /<Result>([^<]*)<\\/Result>/.exec(text);
        resolve(res.statusCode === 200 ? (m ? m[1] : 'ok') : 'HTTP ' + res.statusCode);
      });
      res.on('error', (e) => resolve('error: ' + e.message));
    });
    req.on('error', (e) => resolve('error: ' + e.message));
    if (body !== null) req.write(body);
    req.end();
  });
}
(async () => {
  const results = {};
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(clients, count) }, async () => {
    while (next < count) {
      const i = next++;
      const r = await one(bodies ? bodies[i] : null);
      results[r] = (results[r] || 0) + 1;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  parentPort.postMessage({ seconds, results });
})();
`;

export interface LoadResult {
  seconds: number;
  /** Answers by kind: the CRM Agent route's <Result> text, "ok" for another 200, "HTTP n" or "error: ..." otherwise. */
  results: Record<string, number>;
}

export function loadFromWorker(opts: { url: string; method: 'GET' | 'POST'; contentType?: string; bodies?: string[]; count?: number; clients: number }): Promise<LoadResult> {
  const count = opts.bodies?.length ?? opts.count ?? 0;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url: opts.url, method: opts.method, contentType: opts.contentType ?? 'text/plain', bodies: opts.bodies ?? null, count, clients: opts.clients },
    });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
