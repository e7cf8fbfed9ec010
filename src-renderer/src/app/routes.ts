// Hash routes keep the place across a reload and need no server support in either shell.
export type Route =
  | { name: 'sync-status' }
  | { name: 'run'; runId: number }
  | { name: 'connections' }
  | { name: 'log' }
  | { name: 'settings' };

export type RouteName = Route['name'];

const SIMPLE: readonly RouteName[] = ['sync-status', 'connections', 'log', 'settings'];

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const run = /^runs\/(\d{1,15})$/.exec(path);
  if (run) return { name: 'run', runId: Number(run[1]) };
  const simple = SIMPLE.find((name) => name === path);
  return simple ? ({ name: simple } as Route) : { name: 'sync-status' };
}

export function routeHash(route: Route): string {
  return route.name === 'run' ? `#/runs/${route.runId}` : `#/${route.name}`;
}
