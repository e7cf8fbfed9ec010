// Counts as staff read them in messages the main process writes (run summaries, log lines, answers): grouped by
// thousands ("2,000 records"), the same way the console's own numbers are, whichever locale the process runs in.

export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 record", "2,000 records": the count grouped, the noun agreeing with it. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}
