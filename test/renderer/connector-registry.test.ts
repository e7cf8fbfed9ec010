// A connector's renderer part is its folder plus one entry in the list: a toy one, contributed here, must get its nav
// entry, its route and its connection section without the shell knowing its name.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../src-preload/contract';
import { appNav, NAV_ITEMS } from '../../src-renderer/src/app/nav-items';
import { appPages, PAGES } from '../../src-renderer/src/app/pages';
import { createRouteTable, type NoParams } from '../../src-renderer/src/app/routes';
import { registry, RENDERER_CONNECTORS } from '../../src-renderer/src/connectors';
import { createRegistry, definePage, plainPage, type RendererConnector } from '../../src-renderer/src/connectors/registry';
import { ConnectorSections } from '../../src-renderer/src/features/connections/connector-sections';

// The toy's routes join the shell's route type the way a shipped connector's do: from the connector's own module.
declare module '../../src-renderer/src/app/routes' {
  interface RouteParams {
    toys: { toyId?: number };
    'toy-shelf': NoParams;
  }
}

const view = (connectorId: string, displayName: string): ConnectionView => ({
  connectorId, displayName, description: '', state: 'ready', stateMessage: null, keychainReachable: true, sandboxUrl: null, sandbox: null, updatedAt: null, fields: [], values: {}, secrets: {},
});

function ToySection({ view: v }: { view: ConnectionView }) {
  return createElement('div', { 'data-testid': 'toy-section' }, `Toy box for ${v.displayName}`);
}

function ToyPage({ toyId }: { toyId?: number }) {
  return createElement('h1', { 'data-testid': 'toy-page' }, toyId ? `Toy ${toyId}` : 'All toys');
}

const toy: RendererConnector = {
  id: 'toy',
  name: 'Toy',
  pages: [
    definePage({
      name: 'toys',
      pattern: /^toys(?:\/(\d{1,15}))?$/,
      parse: (m) => (m[1] ? { name: 'toys', toyId: Number(m[1]) } : { name: 'toys' }),
      format: (r) => (r.toyId ? `#/toys/${r.toyId}` : '#/toys'),
      render: (r) => createElement(ToyPage, { toyId: r.toyId }),
    }),
    plainPage('toy-shelf', () => createElement('p', null, 'Shelf')),
  ],
  nav: [
    { route: 'toys', label: 'Toys', icon: 'cube', testId: 'nav-toys', group: 'Toy' },
    { route: 'toy-shelf', label: 'Shelf', icon: 'box', testId: 'nav-toy-shelf', group: 'Toy' },
  ],
  connectionSections: [ToySection],
};

const withToy = createRegistry([...RENDERER_CONNECTORS, toy]);

describe('a connector contributed to the renderer registry', () => {
  it('gets its nav entries under its group, after the shipped connectors and before the log', () => {
    const nav = appNav(withToy);
    expect(nav.map((i) => i.testId)).toEqual([
      'nav-sync-status', 'nav-connections', 'nav-customers', 'nav-departments', 'nav-cases',
      'nav-accounts', 'nav-accounting-import', 'nav-email-content',
      'nav-mappings', 'nav-rules', 'nav-references',
      'nav-toys', 'nav-toy-shelf',
      'nav-sent-mail', 'nav-email-settings',
      'nav-errors', 'nav-log', 'nav-maintenance', 'nav-settings',
      'nav-staff-users', 'nav-staff-audit', 'nav-team-server',
    ]);
    expect(nav.filter((i) => i.group === 'Toy').map((i) => i.route)).toEqual(['toys', 'toy-shelf']);
  });

  it('gets its routes parsed, formatted and rendered, beside the shell and shipped ones', () => {
    const pages = appPages(withToy);
    const routes = createRouteTable(pages);
    expect(routes.parseHash('#/toys/7')).toEqual({ name: 'toys', toyId: 7 });
    expect(routes.parseHash('#/toys')).toEqual({ name: 'toys' });
    expect(routes.parseHash('#/toy-shelf?x=1')).toEqual({ name: 'toy-shelf' });
    expect(routes.parseHash('#/toys/seven')).toEqual({ name: 'sync-status' });
    expect(routes.routeHash({ name: 'toys', toyId: 7 })).toBe('#/toys/7');
    expect(routes.routeHash({ name: 'toys' })).toBe('#/toys');
    expect(routes.routeHash({ name: 'toy-shelf' })).toBe('#/toy-shelf');
    // The others read as before.
    expect(routes.parseHash('#/mappings/new')).toEqual({ name: 'mappings', templateId: 'new' });
    expect(routes.parseHash('#/runs/4')).toEqual({ name: 'run', runId: 4 });
    const page = pages.find((p) => p.name === 'toys')!;
    expect(renderToStaticMarkup(createElement('main', null, page.render({ name: 'toys', toyId: 7 })))).toContain('Toy 7');
  });

  it("draws its connection section under its own connection only", () => {
    const draw = (v: ConnectionView, connectors = withToy) => renderToStaticMarkup(createElement(ConnectorSections, { view: v, connectors }));
    expect(draw(view('toy', 'Toy box'))).toBe('<div data-testid="toy-section">Toy box for Toy box</div>');
    expect(draw(view('other', 'Other'))).toBe('');
    expect(draw(view('toy', 'Toy box'), registry)).toBe('');
    expect(withToy.nameOf('toy')).toBe('Toy');
  });

  it('refuses a connector listed twice and two pages on one route', () => {
    expect(() => createRegistry([toy, toy])).toThrow(/listed twice/);
    expect(() => createRouteTable([...appPages(withToy), plainPage('toy-shelf', () => null)])).toThrow(/Two pages claim the route toy-shelf/);
  });
});

describe('the shipped connectors through the registry', () => {
  it('keep the nav of before, Customers > Accounts leading the Customers group, Accounting’s two screens under their headings and the email screens before the log', () => {
    expect(NAV_ITEMS.map((i) => [i.testId, i.group ?? ''])).toEqual([
      ['nav-sync-status', ''], ['nav-connections', ''], ['nav-customers', ''], ['nav-departments', ''], ['nav-cases', ''],
      ['nav-accounts', 'Customers'], ['nav-accounting-import', 'Customers'], ['nav-email-content', 'Content'],
      ['nav-mappings', 'Confirm'], ['nav-rules', 'Confirm'], ['nav-references', 'Confirm'],
      ['nav-sent-mail', 'Email'], ['nav-email-settings', 'Email'],
      ['nav-errors', ''], ['nav-log', ''], ['nav-maintenance', ''], ['nav-settings', ''],
      ['nav-staff-users', 'Team'], ['nav-staff-audit', 'Team'], ['nav-team-server', 'Team'],
    ]);
    expect(PAGES.map((p) => p.name)).toEqual([
      'sync-status', 'run', 'connections', 'customers', 'accounts', 'departments', 'cases', 'log', 'errors', 'settings', 'email-settings', 'maintenance', 'sent-mail',
      'staff-users', 'staff-audit', 'team-server',
      'accounting-import', 'email-content', 'mappings', 'rules', 'references',
    ]);
  });

  it('put CERM’s download under its connection, and Confirm’s GDPR note and CRM Agent section where they were', () => {
    expect(registry.connectionSections('cerm')).toHaveLength(1);
    expect(registry.connectionSections('erp')).toHaveLength(2);
    const confirm = renderToStaticMarkup(createElement(ConnectorSections, { view: view('confirm', 'Confirm'), connectors: registry }));
    expect(confirm).toContain('data-testid="confirm-gdpr-note"');
    expect(registry.settingsSections.map((s) => s.key)).toEqual(['confirm:0']);
  });
});
