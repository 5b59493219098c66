/**
 * Prints a measured figure (a time to 503, to recovery, to failover) into the test output: figures are read by
 * people and reported, never asserted (speed is proven by scripts, not by timed tests).
 */
export function printFigure(line: string): void {
  process.stdout.write(`[figure] ${line}\n`);
}
