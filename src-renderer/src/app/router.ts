import { create } from 'zustand';
import type { Route, RouteTable } from './routes';

export type { Route, RouteName } from './routes';

interface RouterState {
  route: Route;
  navigate(route: Route): void;
}

// The table comes in at start (main.tsx), not by import: pages import navigate, and the table is built from the pages.
let table: RouteTable | null = null;

function routes(): RouteTable {
  if (!table) throw new Error('startRouter() runs before the first navigation');
  return table;
}

export const useRouter = create<RouterState>()((set) => ({
  route: { name: 'sync-status' },
  navigate(route) {
    const hash = routes().routeHash(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
}));

/** Reads the place from the hash and follows it from then on; once, before the first render. */
export function startRouter(routeTable: RouteTable): void {
  table = routeTable;
  const follow = () => useRouter.setState({ route: routeTable.parseHash(window.location.hash) });
  follow();
  window.addEventListener('hashchange', follow);
}

export function navigate(route: Route): void {
  useRouter.getState().navigate(route);
}

/** The hash a link to a route carries (for its href: open in a new tab, copy the address). */
export function hrefOf(route: Route): string {
  return routes().routeHash(route);
}
