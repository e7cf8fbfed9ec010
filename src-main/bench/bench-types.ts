export interface BenchResult {
  title: string;
  table: [string, string][];
  json: Record<string, unknown>;
}
