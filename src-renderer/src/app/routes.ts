// Hash routes keep the place across a reload and need no server support in either shell.
// Routes are data: each page (the shell's in pages.tsx, a connector's through the registry) says how its hash reads and writes.
import type { PageDef } from '../connectors/registry';
import { PAGES } from './pages';

export type NoParams = Record<never, never>;

/**
 * What each route carries, by route name. A connector adds its pages' entries from its own folder
 * (`declare module '../../app/routes' { interface RouteParams { ... } }`), so the shell's list names none.
 */
export interface RouteParams {
  'sync-status': NoParams;
  run: { runId: number };
  connections: { connectorId?: string; tab?: 'connection' | 'behaviour' | 'advanced' | 'data' };
  customers: { customerId?: number };
  accounts: { accountId?: number };
  departments: { departmentId?: number };
  cases: { caseId?: number };
  log: NoParams;
  errors: { connectorId?: string; tab?: 'open' | 'in-doubt' | 'resolved' };
  settings: NoParams;
  'email-settings': NoParams;
  maintenance: NoParams;
  'sent-mail': { messageId?: number };
  'staff-users': NoParams;
  'staff-audit': NoParams;
  'team-server': NoParams;
}

export type RouteName = keyof RouteParams;
export type RouteOf<N extends RouteName> = { name: N } & RouteParams[N];
export type Route = { [N in RouteName]: RouteOf<N> }[RouteName];
/** Routes a nav entry can open: nothing in them is required. */
export type ParamlessRouteName = { [N in RouteName]: NoParams extends RouteParams[N] ? N : never }[RouteName];

export interface RouteTable {
  parseHash(hash: string): Route;
  routeHash(route: Route): string;
  /** The screen a route shows (toasts belong to one): a run's page, a connection's, not a panel beside a list. */
  screenOf(route: Route): string;
}

const HOME: Route = { name: 'sync-status' };

export function createRouteTable(pages: readonly PageDef[]): RouteTable {
  const byName = new Map<RouteName, PageDef>();
  for (const page of pages) {
    if (byName.has(page.name)) throw new Error(`Two pages claim the route ${page.name}`);
    byName.set(page.name, page);
  }
  return {
    parseHash(hash) {
      const path = hash.replace(/^#\/?/, '').split('?')[0];
      for (const page of pages) {
        const match = page.pattern.exec(path);
        // A page's parse returns its own route; the list's element type cannot say which.
        if (match) return page.parse(match) as Route;
      }
      return { ...HOME };
    },
    routeHash(route) {
      const page = byName.get(route.name);
      return page ? page.format(route) : `#/${route.name}`;
    },
    screenOf(route) {
      return byName.get(route.name)?.screen?.(route) ?? route.name;
    },
  };
}

export const ROUTES = createRouteTable(PAGES);
export const { parseHash, routeHash } = ROUTES;
