import { Global, Module } from '@nestjs/common';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { DeadLetterService } from './dead-letter.service';
import { EventPublisher } from './event-publisher';

/** The producer side every app needs, plus what consumers use to commit and dead-letter. */
@Global()
@Module({
  providers: [EventPublisher, DeadLetterService, ConsumerLagMonitor],
  exports: [EventPublisher, DeadLetterService, ConsumerLagMonitor],
})
export class KafkaModule {}
