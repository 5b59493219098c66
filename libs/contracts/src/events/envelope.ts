import { IsISO8601, IsInt, IsUUID, Min } from 'class-validator';

/** Fields every event carries. `eventId` is the idempotency key. */
export abstract class EventEnvelope {
  @IsUUID()
  eventId!: string;

  /** ISO-8601 UTC time the event happened at its source. */
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsInt()
  @Min(1)
  schemaVersion!: number;
}
