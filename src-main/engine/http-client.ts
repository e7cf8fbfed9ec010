import { RemoteError, classifyError, classifyStatus } from './remote-error';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole request, body included: a page that never finishes ends here. */
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body exactly as received (for files that must keep the remote's bytes). */
  body: Buffer;
  /** The body decoded as UTF-8, a leading byte-order mark dropped (JSON.parse refuses one). */
  text: string;
  /** "POST /path -> 200" with the start of both bodies, for the log's details panel (redacted by the log). */
  excerpt: string;
}

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_MAX = 50 * 1024 * 1024;

async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RemoteError('validation', `the response is larger than the ${maxBytes} byte limit`, { code: 'TOO_LARGE' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function textOf(body: Buffer): string {
  const bom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  return (bom ? body.subarray(3) : body).toString('utf8');
}

export function excerptOf(req: HttpRequest, status: number | string, responseText: string): string {
  const u = new URL(req.url);
  const reqBody = req.body ? `\n> ${req.body.slice(0, 1500)}` : '';
  const resBody = responseText ? `\n< ${responseText.slice(0, 2500)}` : '';
  return `${req.method ?? 'GET'} ${u.pathname}${u.search} -> ${status}${reqBody}${resBody}`;
}

/** Sends one request. Network failures and non-2xx answers become RemoteErrors the engine knows how to treat. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  let body: Buffer;
  try {
    res = await fetch(req.url, { method: req.method ?? 'GET', headers: req.headers, body: req.body, signal });
    body = await readLimited(res, req.maxBytes ?? DEFAULT_MAX);
  } catch (err) {
    const e = classifyError(err);
    throw new RemoteError(e.kind, e.message, { ...e.extra, details: excerptOf(req, e.extra.code ?? 'no answer', '') });
  }
  const text = textOf(body);
  const excerpt = excerptOf(req, res.status, text);
  const failure = classifyStatus(res.status, res.headers.get('retry-after'), text);
  if (failure) throw new RemoteError(failure.kind, failure.message, { ...failure.extra, details: excerpt });
  return { status: res.status, headers: res.headers, body, text, excerpt };
}

/** JSON answer or a clear validation error naming what was wrong. */
export function parseJson<T = unknown>(res: HttpResponse, what: string): T {
  try {
    return JSON.parse(res.text) as T;
  } catch (err) {
    throw new RemoteError('validation', `${what}: the answer is not valid JSON (${(err as Error).message})`, { details: res.excerpt });
  }
}
