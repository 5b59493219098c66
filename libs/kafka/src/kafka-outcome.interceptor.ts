import { HEADERS } from '@lib/contracts';
import { MetricsService, correlationIdFrom, runWithCorrelationId } from '@lib/observability';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { Observable, catchError, concatMap, from } from 'rxjs';
import { DeadLetterService } from './dead-letter.service';
import { isPermanent } from './errors';
import { commitMessage, headerOf } from './kafka-context';

/**
 * Decides what happens to a consumed message once its handler ran:
 * - success: commit offset + 1, so "committed" means "handled";
 * - permanent error (invalid event, unknown subject): dead-letter, then commit and move on;
 * - any other error: rethrow without committing, so KafkaJS retries it (the partition waits; nothing is lost).
 * The handler runs with the message's correlation id bound to the logger.
 */
@Injectable()
export class KafkaOutcomeInterceptor implements NestInterceptor {
  private readonly logger = new Logger(KafkaOutcomeInterceptor.name);

  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: MetricsService,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const context = execution.switchToRpc().getContext<KafkaContext>();
    const topic = context.getTopic();
    const correlationId = correlationIdFrom(headerOf(context.getMessage(), HEADERS.correlationId));
    const handled = new Observable<unknown>((subscriber) =>
      runWithCorrelationId(correlationId, () => next.handle().subscribe(subscriber)),
    );
    return handled.pipe(
      concatMap((result) =>
        from(
          commitMessage(context)
            .then(() => this.metrics.kafkaConsumed.inc({ topic, outcome: 'ok' }))
            .then(() => result),
        ),
      ),
      catchError((error: unknown) => from(this.onError(context, topic, error))),
    );
  }

  private async onError(context: KafkaContext, topic: string, error: unknown): Promise<undefined> {
    if (!isPermanent(error)) {
      this.metrics.kafkaHandlerErrors.inc({ topic, kind: 'transient' });
      this.logger.error({ err: error, msg: 'Handler failed; the message will be retried', topic });
      throw error;
    }
    this.metrics.kafkaHandlerErrors.inc({ topic, kind: 'permanent' });
    await this.deadLetters.sendFromContext(context, error);
    await commitMessage(context);
    this.metrics.kafkaConsumed.inc({ topic, outcome: 'dead-lettered' });
    return undefined;
  }
}
