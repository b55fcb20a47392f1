/** The last n non-empty lines of a program's output, indented and with long lines cut, for error messages. */
export function outputTail(text: string, n = 15): string {
  return text
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim())
    .slice(-n)
    .map((l) => `    ${l.length > 400 ? `${l.slice(0, 400)}...` : l}`)
    .join('\n');
}
