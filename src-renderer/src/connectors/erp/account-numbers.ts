/** The box's account numbers (comma, space or line separated), or why they cannot be sent. */
export function parseAccountNumbers(text: string): { list: string[]; error: string | null } {
  const list = [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
  if (list.length > 100) return { list, error: 'At most 100 account numbers at a time.' };
  const long = list.find((n) => n.length > 30);
  if (long) return { list, error: `“${long.slice(0, 40)}” is not an account number (at most 30 characters).` };
  return { list, error: null };
}
