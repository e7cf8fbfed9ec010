// What a connector brings to the renderer, keyed by its id (issue 8): the shell asks the registry and names no connector.
import type { IconName } from '@blueprintjs/icons';
import type { ComponentType, ReactNode } from 'react';
import type { CaseDetail, ConnectionView, FieldSpec, Result, StaffRole } from '../../../src-preload/contract';
import type { ParamlessRouteName, RouteName, RouteOf } from '../app/routes';

/** A screen at a hash URL: the pattern matches the path after `#/`, parse and format turn it into a route and back. */
export interface PageDef<N extends RouteName = RouteName> {
  name: N;
  pattern: RegExp;
  // Method syntax on purpose: it lets a PageDef<'rules'> sit in a list of PageDef without a cast.
  parse(match: RegExpExecArray): RouteOf<N>;
  format(route: RouteOf<N>): string;
  render(route: RouteOf<N>): ReactNode;
  /**
   * Which screen the route shows, when its parameters open another page rather than a panel beside the same list
   * (a run, a connection, a template): toasts belong to one screen. The route's name when absent.
   */
  screen?(route: RouteOf<N>): string;
}

/** Pins N from the name, so parse, format and render see their own route. */
export function definePage<N extends RouteName>(page: PageDef<N>): PageDef<N> {
  return page;
}

/** A page with nothing in its route: #/<name>. */
export function plainPage<N extends ParamlessRouteName>(name: N, render: () => ReactNode): PageDef<N> {
  return { name, pattern: new RegExp(`^${name}$`), parse: () => ({ name }) as RouteOf<N>, format: () => `#/${name}`, render };
}

export interface NavItem {
  route: ParamlessRouteName;
  label: string;
  icon: IconName;
  testId: string;
  /** Routes that highlight this item, besides its own. */
  alsoActiveFor?: RouteName[];
  /** Items sharing a group sit under its heading; a change of group draws a divider. */
  group?: string;
  /** Shown only where this holds (a team server's admin screens, the desktop's own); everywhere when absent. */
  shownWhen?: (where: NavContext) => boolean;
}

/** Where the console runs, for nav items shown only in some places. */
export interface NavContext {
  mode: 'electron' | 'headless';
  /** The signed-in staff user's role on a team server; null where nobody signs in. */
  role: StaffRole | null;
}

export type ConnectionSection = ComponentType<{ view: ConnectionView }>;

/** Drawn on a case's page under its References; refresh reloads the case after the section changed something. */
export type CaseSection = ComponentType<{ detail: CaseDetail; refresh(): Promise<void> }>;

export type FieldOption = NonNullable<FieldSpec['options']>[number];

/**
 * What a connector adds to one field of the generic connection form, by field key. The FieldSpec still says what the
 * field is; this says what main's static spec cannot: choices read live from the remote, advice beside the field.
 */
export interface FieldExtension {
  /**
   * A select's choices, read when the form opens and again on Reload or after a save (they come from the saved
   * connection). They replace the FieldSpec's options.
   */
  loadOptions?(view: ConnectionView): Promise<Result<FieldOption[]>>;
  /** Why the choices cannot be read yet (e.g. the connection is not saved), or null to read them. */
  optionsUnavailable?(view: ConnectionView): string | null;
  /** Drawn under the field, given the value as the form holds it now (saved or not). */
  Note?: ComponentType<{ view: ConnectionView; value: string | boolean | undefined }>;
}

export type FieldExtensions = Readonly<Record<string, FieldExtension>>;

export interface RendererConnector {
  /** The id main's registry gives the connector (ConnectionView.connectorId, log and address origins). */
  id: string;
  /** How screens name the system, e.g. an address kept current by its sync. */
  name: string;
  pages?: readonly PageDef[];
  nav?: readonly NavItem[];
  /** Drawn under this connector's connection form, in order. */
  connectionSections?: readonly ConnectionSection[];
  /** Drawn on the Settings page between the platform's sections and the sandbox. */
  settingsSections?: readonly ComponentType[];
  /** Additions to this connector's connection form, by field key. */
  fieldExtensions?: FieldExtensions;
  /** Drawn on a case's page, in order. */
  caseSections?: readonly CaseSection[];
}

export interface Keyed<C> {
  key: string;
  Component: C;
}

export interface RendererRegistry {
  readonly connectors: readonly RendererConnector[];
  /** Every connector's pages, in list order. */
  readonly pages: readonly PageDef[];
  /** Every connector's nav entries, in list order. */
  readonly nav: readonly NavItem[];
  readonly settingsSections: readonly Keyed<ComponentType>[];
  readonly caseSections: readonly Keyed<CaseSection>[];
  connectionSections(connectorId: string): readonly Keyed<ConnectionSection>[];
  /** The connector's additions to its connection form's fields (none for a connector that brings none). */
  fieldExtensions(connectorId: string): FieldExtensions;
  /** The connector's name, or undefined for a system no connector here claims. */
  nameOf(connectorId: string): string | undefined;
}

const keyed = <C>(id: string, components: readonly C[] | undefined): Keyed<C>[] =>
  (components ?? []).map((Component, i) => ({ key: `${id}:${i}`, Component }));

const NO_EXTENSIONS: FieldExtensions = Object.freeze({});

export function createRegistry(connectors: readonly RendererConnector[]): RendererRegistry {
  const byId = new Map<string, RendererConnector>();
  for (const c of connectors) {
    if (byId.has(c.id)) throw new Error(`Renderer connector ${c.id} is listed twice`);
    byId.set(c.id, c);
  }
  const sections = new Map(connectors.map((c) => [c.id, keyed(c.id, c.connectionSections)]));
  return {
    connectors,
    pages: connectors.flatMap((c) => c.pages ?? []),
    nav: connectors.flatMap((c) => c.nav ?? []),
    settingsSections: connectors.flatMap((c) => keyed(c.id, c.settingsSections)),
    caseSections: connectors.flatMap((c) => keyed(c.id, c.caseSections)),
    connectionSections: (connectorId) => sections.get(connectorId) ?? [],
    fieldExtensions: (connectorId) => byId.get(connectorId)?.fieldExtensions ?? NO_EXTENSIONS,
    nameOf: (connectorId) => byId.get(connectorId)?.name,
  };
}
