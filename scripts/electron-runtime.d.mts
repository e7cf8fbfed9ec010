export type ElectronRuntime =
  | { ok: true; path: string }
  | { ok: false; reason: string; kind: 'missing' | 'no-display' };

export interface RuntimeProbe {
  resolveBinary?: () => unknown;
  exists?: (path: string) => boolean;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface Launch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function findElectronRuntime(probe?: RuntimeProbe): ElectronRuntime;
export function headlessFallbackNotice(runtime: Extract<ElectronRuntime, { ok: false }>): string;
export function electronLaunch(electronPath: string, root: string, args: string[], env: NodeJS.ProcessEnv): Launch;
export function headlessLaunch(nodePath: string, root: string, args: string[], env: NodeJS.ProcessEnv): Launch;
