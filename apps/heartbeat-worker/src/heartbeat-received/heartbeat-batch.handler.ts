import { HeartbeatReceivedEvent, TOPICS } from '@lib/contracts';
import { BatchHandler, type ParsedBatch } from '@lib/kafka';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HeartbeatRecorder } from './heartbeat-recorder';

/** `device.heartbeat-received.v1`, a partition batch at a time (KafkaBatchServer). */
@BatchHandler()
export class HeartbeatBatchHandler {
  constructor(private readonly recorder: HeartbeatRecorder) {}

  @EventPattern(TOPICS.heartbeatReceived, { eventClass: HeartbeatReceivedEvent })
  handle(@Payload() batch: ParsedBatch<HeartbeatReceivedEvent>): Promise<void> {
    return this.recorder.record(batch.events);
  }
}
