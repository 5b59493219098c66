import { DEVICE_ID_MESSAGE, DEVICE_ID_PATTERN, NAMESPACE_PATTERN } from '@lib/contracts';
import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error';

interface ParameterRule {
  test: (value: string) => boolean;
  message: string;
}

const NAMESPACE: ParameterRule = {
  test: (value) => value.length <= 63 && NAMESPACE_PATTERN.test(value),
  message: 'must be a DNS-1123 label (at most 63 lowercase letters, digits and "-")',
};

/**
 * Every path parameter of both APIs, by name. `name` is the loosest of the names routes take (a catalogue
 * object's DNS-1123 subdomain, an auto-approval rule's or an API token's label); the route's DTO then applies its
 * exact rule.
 */
export const PATH_PARAMETER_RULES: Readonly<Record<string, ParameterRule>> = {
  namespace: NAMESPACE,
  ns: NAMESPACE,
  deviceId: { test: (value) => DEVICE_ID_PATTERN.test(value), message: DEVICE_ID_MESSAGE },
  name: {
    test: (value) => /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(value),
    message: 'must be at most 253 lowercase letters, digits, "-" and ".", starting and ending alphanumeric',
  },
};

/** The first path parameter that breaks its rule, as a message; undefined when all pass. */
export function findBadPathParameter(params: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(params)) {
    const rule = PATH_PARAMETER_RULES[name];
    if (rule && !rule.test(value)) {
      return `${name} ${rule.message}`;
    }
  }
  return undefined;
}

/**
 * Checks path parameters once routing has decoded them, before authentication, the audit trail or a handler sees
 * them: `..`, `%2F`, NUL, look-alike characters and over-long values never reach a log line, a key or a column.
 */
export function checkPathParameters(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem = findBadPathParameter((request.params ?? {}) as Record<string, string>);
    done(problem === undefined ? undefined : new DomainError('VALIDATION_FAILED', problem));
  });
}
