import { defineConfig } from 'vitest/config';
import { nodeWorkerPlugin } from './test/support/node-worker-plugin.ts';

export default defineConfig({
  // Workers (`?nodeWorker` imports) start from their TypeScript source.
  plugins: [nodeWorkerPlugin()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the end-to-end and crash tests each start servers and processes of their own.
    maxWorkers: 2,
  },
});
