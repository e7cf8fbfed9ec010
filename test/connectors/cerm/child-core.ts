// The core both CERM crash children start: headless on a data folder, the CERM connector, its sandbox secrets in memory.
import { createCore, type CoreOptions } from '../../../src-main/core/create-core';
import { createCermConnector, CERM_ID } from '../../../src-main/connectors/cerm';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';
import { memoryCredentials } from '../../support/memory-credentials';

export async function startCermChildCore(dataDir: string, more: Partial<CoreOptions> = {}) {
  return await createCore({
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createCermConnector()],
    credentials: memoryCredentials({
      [`connection:${CERM_ID}:clientSecret`]: SANDBOX_CREDENTIALS.clientSecret,
      [`connection:${CERM_ID}:password`]: SANDBOX_CREDENTIALS.password,
    }),
    ...more,
  });
}
