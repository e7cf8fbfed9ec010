/** A LIKE pattern that finds the text anywhere, with the user's % and _ taken literally (pair with ESCAPE '\\'). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
