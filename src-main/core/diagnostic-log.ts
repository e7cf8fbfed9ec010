import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { Redactor } from '../engine/redactor';

export interface DiagnosticLog {
  info(message: string): void;
  error(message: string, err?: unknown): void;
  setRedactor(r: Redactor): void;
  close(): void;
}

/** The diagnostic log: a rotating file for developers, secrets redacted. Domain events go to the integration log. */
export function createDiagnosticLog(dir: string): DiagnosticLog {
  const stream: RotatingFileStream = createStream('syncdesk.log', { path: dir, size: '5M', maxFiles: 5 });
  stream.on('error', () => undefined);
  let redactor: Redactor | null = null;
  const write = (level: string, text: string) => {
    const line = `${new Date().toISOString()} ${level} ${redactor ? redactor.redact(text) : text}\n`;
    if (!stream.destroyed) stream.write(line);
  };
  return {
    info: (m) => write('INFO', m),
    error: (m, err) => write('ERROR', `${m}${err ? `: ${(err as Error)?.stack ?? String(err)}` : ''}`),
    setRedactor: (r) => {
      redactor = r;
    },
    close: () => stream.end(),
  };
}
