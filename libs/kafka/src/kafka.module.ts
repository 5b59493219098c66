import { Global, Module } from '@nestjs/common';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { DeadLetterService } from './dead-letter.service';
import { EventPublisher } from './event-publisher';
import { KafkaOutcomeInterceptor } from './kafka-outcome.interceptor';

/** The producer side every app needs, plus what consumers use to commit and dead-letter. */
@Global()
@Module({
  providers: [EventPublisher, DeadLetterService, KafkaOutcomeInterceptor, ConsumerLagMonitor],
  exports: [EventPublisher, DeadLetterService, KafkaOutcomeInterceptor, ConsumerLagMonitor],
})
export class KafkaModule {}
