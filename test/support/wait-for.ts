/**
 * Polls a condition until it holds: tests wait for the system to reach a state, never for a fixed time.
 * A condition that throws fails at once (with its error); one that returns false is asked again.
 */
export async function waitFor<T>(
  condition: () => Promise<T | false | undefined | null> | T | false | undefined | null,
  {
    timeoutMs = 20_000,
    intervalMs = 100,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await condition();
    if (result !== false && result !== undefined && result !== null) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
