import type { RendererConnector } from '../registry';
import { ErpAccountsCursorSection } from './accounts-cursor-section';
import { ErpSandboxChangeSection } from './sandbox-change-section';

// The ERP connection: under its form, where the accounts sync stands (with a Reset) and, in sandbox mode, a control
// that changes accounts "in the ERP". The accounts themselves are the platform's (Customers > Accounts).
export const erpConnector: RendererConnector = {
  id: 'erp',
  name: 'ERP',
  connectionSections: [ErpAccountsCursorSection, ErpSandboxChangeSection],
};
