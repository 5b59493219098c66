import { shutdownState } from '@lib/observability';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM (or Ctrl-C): readiness answers 503 at once, then Nest closes the app in its order: the HTTP
 * listener stops accepting and waits for the requests in flight, the Kafka consumers finish their batch,
 * commit and leave their group (so that their partitions move at once, not after a session timeout), and only
 * then the producer and the database pool close. Past `timeoutMs` the process exits all the same: a hung
 * dependency must not keep a replica from ending (docs/operations.md#graceful-shutdown).
 */
export function shutDownGracefully(app: INestApplication, timeoutMs: number): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    shutdownState.draining = true;
    logger.log({ msg: `${signal} received: shutting down`, timeoutMs });
    const deadline = setTimeout(() => {
      // What still holds the process open (sockets, timers) points at the step that hung.
      logger.error({
        msg: `Shutdown not finished within ${timeoutMs} ms; exiting`,
        stillOpen: countOf(process.getActiveResourcesInfo()),
      });
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    app.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error, msg: 'Shutdown failed' });
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) {
    process.on(signal, () => stop(signal));
  }
}

/** `['TCPSocketWrap', 'Timeout', 'TCPSocketWrap']` as `{ TCPSocketWrap: 2, Timeout: 1 }`. */
function countOf(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
