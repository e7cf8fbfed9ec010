// electron-vite builds `import start from './x?nodeWorker'` as a worker entry of its own; the tests' vite builds (the
// crash tests' child bundles) and vitest do the same here. Built: the worker is a chunk of the bundle, started from
// its URL beside the importer. Under vitest: it starts from its TypeScript source through tsx (a devDependency).
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0node-worker:';
const QUERY = '?nodeWorker';

export function nodeWorkerPlugin(): Plugin {
  let building = false;
  return {
    name: 'syncdesk-node-worker',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId(id, importer) {
      if (!id.endsWith(QUERY) || !importer) return null;
      return `${PREFIX}${resolve(dirname(importer), id.slice(0, -QUERY.length))}.ts`;
    },
    // Beside the importer, wherever the bundle is run from (vite would make it a path from the site's root).
    resolveFileUrl({ relativePath }) {
      return `new URL(${JSON.stringify(relativePath)}, import.meta.url).href`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      if (building) {
        const ref = this.emitFile({ type: 'chunk', id: file });
        return `import { Worker } from 'node:worker_threads';
export default (options) => new Worker(new URL(import.meta.ROLLUP_FILE_URL_${ref}), options);`;
      }
      return `import { Worker } from 'node:worker_threads';
export default (options) => new Worker(${JSON.stringify(file)}, { ...options, execArgv: [...(options?.execArgv ?? []), '--import', 'tsx'] });`;
    },
  };
}
