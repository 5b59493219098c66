import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** The payload of a message is not a valid event of the expected class: a permanent failure. */
export class InvalidEventError extends Error {
  readonly code = 'INVALID_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** Validates a consumed payload against its event class before any business code sees it. */
export async function parseEvent<T extends object>(cls: ClassConstructor<T>, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidEventError(`${cls.name}: payload is not a JSON object`);
  }
  const event = plainToInstance(cls, payload);
  const errors = await validate(event, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = errors.map(
      (e) => `${e.property}: ${Object.values(e.constraints ?? { nested: 'invalid' }).join(', ')}`,
    );
    throw new InvalidEventError(`${cls.name}: ${fields.join('; ')}`);
  }
  return event;
}
