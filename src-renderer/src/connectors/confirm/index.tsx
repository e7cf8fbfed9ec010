import type { NoParams } from '../../app/routes';
import { definePage, plainPage, type RendererConnector } from '../registry';
import { CrmAgentSection } from './crm-agent/crm-agent-section';
import { GdprNote } from './gdpr-note';
import { MappingsPage } from './mappings/mappings-page';
import { ReferencesPage } from './references/references-page';
import { RulesPage } from './rules/rules-page';
import { SandboxStatusSection } from './sandbox/sandbox-status-section';

declare module '../../app/routes' {
  interface RouteParams {
    // templateId 'new' is a template being drafted.
    mappings: { templateId?: number | 'new' };
    rules: NoParams;
    references: NoParams;
  }
}

const GROUP = 'Confirm';

export const confirmConnector: RendererConnector = {
  id: 'confirm',
  name: 'Confirm',
  pages: [
    definePage({
      name: 'mappings',
      pattern: /^mappings(?:\/(\d{1,15}|new))?$/,
      parse: (m) => (m[1] ? { name: 'mappings', templateId: m[1] === 'new' ? 'new' : Number(m[1]) } : { name: 'mappings' }),
      format: (r) => (r.templateId ? `#/mappings/${r.templateId}` : '#/mappings'),
      render: (r) => <MappingsPage templateId={r.templateId} />,
      screen: (r) => `mappings/${r.templateId ?? ''}`,
    }),
    plainPage('rules', () => <RulesPage />),
    plainPage('references', () => <ReferencesPage />),
  ],
  nav: [
    { route: 'mappings', label: 'Mappings', icon: 'flow-linear', testId: 'nav-mappings', group: GROUP },
    { route: 'rules', label: 'Rules', icon: 'automatic-updates', testId: 'nav-rules', group: GROUP },
    { route: 'references', label: 'References', icon: 'tag', testId: 'nav-references', group: GROUP },
  ],
  connectionSections: [GdprNote],
  settingsSections: [CrmAgentSection],
  caseSections: [SandboxStatusSection],
};
