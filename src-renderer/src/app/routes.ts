// Hash routes keep the place across a reload and need no server support in either shell.
export type Route =
  | { name: 'sync-status' }
  | { name: 'run'; runId: number }
  | { name: 'connections' }
  | { name: 'customers'; customerId?: number }
  | { name: 'departments'; departmentId?: number }
  | { name: 'cases'; caseId?: number }
  // templateId 'new' is a template being drafted.
  | { name: 'mappings'; templateId?: number | 'new' }
  | { name: 'rules' }
  | { name: 'references' }
  | { name: 'log' }
  | { name: 'settings' };

export type RouteName = Route['name'];

const SIMPLE: readonly RouteName[] = ['sync-status', 'connections', 'customers', 'departments', 'cases', 'mappings', 'rules', 'references', 'log', 'settings'];

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const run = /^runs\/(\d{1,15})$/.exec(path);
  if (run) return { name: 'run', runId: Number(run[1]) };
  const customer = /^customers\/(\d{1,15})$/.exec(path);
  if (customer) return { name: 'customers', customerId: Number(customer[1]) };
  const department = /^departments\/(\d{1,15})$/.exec(path);
  if (department) return { name: 'departments', departmentId: Number(department[1]) };
  const kase = /^cases\/(\d{1,15})$/.exec(path);
  if (kase) return { name: 'cases', caseId: Number(kase[1]) };
  const mapping = /^mappings\/(\d{1,15}|new)$/.exec(path);
  if (mapping) return { name: 'mappings', templateId: mapping[1] === 'new' ? 'new' : Number(mapping[1]) };
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
    case 'cases':
      return route.caseId ? `#/cases/${route.caseId}` : '#/cases';
    case 'mappings':
      return route.templateId ? `#/mappings/${route.templateId}` : '#/mappings';
    default:
      return `#/${route.name}`;
  }
}
