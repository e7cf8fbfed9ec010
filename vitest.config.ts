import { configDefaults, defineConfig } from 'vitest/config';
import { nodeWorkerPlugin } from './test/support/node-worker-plugin.ts';

export default defineConfig({
  // Workers (`?nodeWorker` imports) start from their TypeScript source.
  plugins: [nodeWorkerPlugin()],
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the end-to-end and crash tests each start servers and processes of their own.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/store/postgres/**'] } },
      // The PostgreSQL store's tests share one private cluster per run, started only when one of them is to run.
      { extends: true, test: { name: 'postgres', include: ['test/store/postgres/**/*.test.ts'], globalSetup: ['test/store/postgres/global-setup.ts'] } },
    ],
  },
});
