// electron-vite builds `./file?nodeWorker` as a worker entry of its own and imports a function that starts it; under
// vitest, vitest.config.ts starts the same file from source.
declare module '*?nodeWorker' {
  import type { Worker, WorkerOptions } from 'node:worker_threads';
  export default function (options: WorkerOptions): Worker;
}
