import type { RendererConnector } from '../registry';
import { CermCustomersSection } from './cerm-customers-section';

// CERM has no screens of its own: its customer download and browser sit under its connection form.
export const cermConnector: RendererConnector = {
  id: 'cerm',
  name: 'CERM',
  connectionSections: [CermCustomersSection],
};
