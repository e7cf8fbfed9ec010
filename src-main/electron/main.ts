// The Electron entry (out/main/index.js). Everything that can be tested without the runtime lives in ./shell and
// the modules it composes.
import { createCore } from '../core/create-core';
import { startElectronShell } from './shell';

startElectronShell({
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  mainOutDir: import.meta.dirname,
  createCore,
}).catch((err: unknown) => {
  console.error('SyncDesk: start-up failed:', err);
  process.exit(1);
});
