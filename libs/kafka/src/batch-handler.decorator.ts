import { applyDecorators, Catch, Controller, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a batch handler's error to KafkaBatchServer as it was thrown. Nest's default RPC filter would log it and
 * replace it with `{ status: 'error' }`, and the server could no longer tell a transient error (retry the batch)
 * from a permanent one (dead-letter the event).
 */
@Catch()
export class BatchErrorsToServer implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * A class of Kafka batch handlers: a Nest controller whose `@EventPattern(topic, { eventClass })` methods
 * KafkaBatchServer calls with a `ParsedBatch` of that topic.
 */
export const BatchHandler = (): ClassDecorator =>
  applyDecorators(Controller(), UseFilters(new BatchErrorsToServer()));
