import type { NoParams } from '../../app/routes';
import { plainPage, type RendererConnector } from '../registry';
import { accountingFieldExtensions } from './connection-fields';
import { AccountingCursorSection } from './cursor-section';
import { EmailContentPage } from './email-content-page';
import { AccountingImportPage } from './import-page';

declare module '../../app/routes' {
  interface RouteParams {
    'accounting-import': NoParams;
    'email-content': NoParams;
  }
}

// The accounting system's customer import: who came in (Customers), the welcome email they get (Content), and under
// its connection form the live Show on Web Field choices, the Send Emails advice and the feed's cursor.
export const accountingConnector: RendererConnector = {
  id: 'accounting',
  name: 'Accounting',
  pages: [plainPage('accounting-import', () => <AccountingImportPage />), plainPage('email-content', () => <EmailContentPage />)],
  nav: [
    { route: 'accounting-import', label: 'Accounting import', icon: 'import', testId: 'nav-accounting-import', group: 'Customers' },
    { route: 'email-content', label: 'Email Content', icon: 'manually-entered-data', testId: 'nav-email-content', group: 'Content' },
  ],
  connectionSections: [AccountingCursorSection],
  fieldExtensions: accountingFieldExtensions,
};
