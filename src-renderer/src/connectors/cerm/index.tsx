import { CermCustomersSection } from '../../features/connections/cerm/cerm-customers-section';
import type { RendererConnector } from '../registry';

// CERM has no screens of its own: its customer download and browser sit under its connection form.
export const cermConnector: RendererConnector = {
  id: 'cerm',
  name: 'CERM',
  connectionSections: [CermCustomersSection],
};
