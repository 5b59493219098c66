import { findShapeProblem, type Shape } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Injectable, type PipeTransform } from '@nestjs/common';

/**
 * Accepts a body the way the Edge API sends it (docs/contract.md#bodies-the-edge-api-sends): `null` arrays, zero
 * timestamps, any enum string, unknown fields. Rejects only what no Go struct would decode, naming the field.
 */
@Injectable()
export class FlottaBodyPipe implements PipeTransform<unknown, Record<string, unknown>> {
  constructor(
    private readonly shape: Shape,
    private readonly model: string,
  ) {}

  transform(body: unknown): Record<string, unknown> {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', `The body must be a ${this.model} JSON object`);
    }
    const problem = findShapeProblem(this.shape, body, '');
    if (problem) {
      throw new DomainError('VALIDATION_FAILED', `Invalid ${this.model}: ${problem}`);
    }
    return body as Record<string, unknown>;
  }
}
