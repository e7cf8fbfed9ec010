// THE renderer's connector list: a connector's screens, nav entries and sections reach the shell only through it.
import { accountingConnector } from './accounting';
import { cermConnector } from './cerm';
import { confirmConnector } from './confirm';
import { erpConnector } from './erp';
import { createRegistry, type RendererConnector } from './registry';

export const RENDERER_CONNECTORS: readonly RendererConnector[] = [
  accountingConnector,
  cermConnector,
  confirmConnector,
  erpConnector,
];

export const registry = createRegistry(RENDERER_CONNECTORS);
