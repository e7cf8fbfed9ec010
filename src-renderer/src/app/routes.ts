// Hash routes keep the place across a reload and need no server support in either shell.
export type Route =
  | { name: 'sync-status' }
  | { name: 'run'; runId: number }
  | { name: 'connections' }
  | { name: 'customers'; customerId?: number }
  | { name: 'departments'; departmentId?: number }
  | { name: 'log' }
  | { name: 'settings' };

export type RouteName = Route['name'];

const SIMPLE: readonly RouteName[] = ['sync-status', 'connections', 'customers', 'departments', 'log', 'settings'];

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const run = /^runs\/(\d{1,15})$/.exec(path);
  if (run) return { name: 'run', runId: Number(run[1]) };
  const customer = /^customers\/(\d{1,15})$/.exec(path);
  if (customer) return { name: 'customers', customerId: Number(customer[1]) };
  const department = /^departments\/(\d{1,15})$/.exec(path);
  if (department) return { name: 'departments', departmentId: Number(department[1]) };
  const simple = SIMPLE.find((name) => name === path);
  return simple ? ({ name: simple } as Route) : { name: 'sync-status' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'run':
      return `#/runs/${route.runId}`;
    case 'customers':
      return route.customerId ? `#/customers/${route.customerId}` : '#/customers';
    case 'departments':
      return route.departmentId ? `#/departments/${route.departmentId}` : '#/departments';
    default:
      return `#/${route.name}`;
  }
}
