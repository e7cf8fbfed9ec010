export interface Finding {
  check: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: 'CERTAIN' | 'FIRM' | 'TENTATIVE';
  /** Relative to the repository, with forward slashes; "N/A" for a check about the whole scan. */
  file: string;
  line: number;
  column: number;
  sample: string;
  description: string;
  url: string;
}

export interface AllowEntry {
  check: string;
  file: string;
  reason: string;
  count: number;
}

export const SCANNED_FOLDERS: string[];
export const ALLOW_LIST_FILE: string;
export const FAILING_SEVERITIES: ReadonlySet<string>;

export function electronVersionOf(root?: string): string;
export function scan(options?: { root?: string; folders?: string[]; electronVersion?: string }): Promise<{
  files: number;
  checks: number;
  findings: Finding[];
  parseErrors: Array<{ file: string; message: string }>;
}>;
export function readAllowList(path: string): AllowEntry[];
export function judge(
  findings: Finding[],
  allowList: AllowEntry[],
): {
  failures: Finding[];
  allowed: Array<{ finding: Finding; reason: string }>;
  stale: Array<AllowEntry & { found?: number }>;
  ungated: number;
};
export function main(options?: {
  root?: string;
  log?: (line: string) => void;
  error?: (line: string) => void;
}): Promise<number>;
