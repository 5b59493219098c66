/** A line (or block) on stdout, newline-terminated once. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
