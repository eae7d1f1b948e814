/** LIKE pattern matching `text` anywhere, case-folded, its own %, _ and backslash taken literally (ESCAPE with a backslash). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
