import { enrolmentBody, heartbeatBody, registrationBody } from './device.factory';

/**
 * Hostile requests for the Edge Configuration API and for limits both APIs share: each with the 4xx it must get.
 * Every other part of each request is valid, so that the hostile part alone decides the answer.
 */

export interface HostileRequest {
  /** What the request is, for the test name. */
  name: string;
  api: 'edge' | 'management';
  method: string;
  /** Sent as is: `..`, `%2e%2e` and the like reach the server unresolved. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code?: string;
}

/** Who the requests aim at: a registered device and its namespace, a pending device, an unknown one. */
export interface HostileTarget {
  ns: string;
  device: string;
  pending: string;
  unknown: string;
}

export const EDGE_BASE = '/api/flotta-backend/v1';
export const JSON_TYPE = { 'content-type': 'application/json' };
export const YAML_TYPE = { 'content-type': 'application/yaml' };

export const json = (value: unknown): string => `${JSON.stringify(value)}\n`;
export const nested = (depth: number): string => `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
export const wide = (keys: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'v']));

/** Path segments no namespace, device ID or name may be; each expected status. */
export const SEGMENT_TRICKS: [string, string, number][] = [
  ['..', '..', 400],
  ['%2e%2e', '%2e%2e', 400],
  ['.', '.', 400],
  ['an encoded slash', 'a%2Fb', 400],
  ['an encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 400],
  ['a double-encoded ..', '%252e%252e', 400],
  ['a NUL', 'a%00b', 400],
  ['a backslash', 'a%5Cb', 400],
  ['a raw backslash', 'a\\b', 400],
  ['fullwidth dots', '%EF%BC%8E%EF%BC%8E', 400],
  ['one-dot leaders', '%E2%80%A4%E2%80%A4', 400],
  ['a division slash', 'a%E2%88%95b', 400],
  ['an overlong UTF-8 dot', '%C0%AE%C0%AE', 400],
  ['a malformed percent-encoding', 'a%ZZ', 400],
  ['a newline', 'a%0Ab', 400],
  ['a space', 'a%20b', 400],
  ['254 characters', 'a'.repeat(254), 400],
  ['301 characters', 'a'.repeat(301), 414],
  ['nothing (an empty segment)', '', 404],
];

/**
 * Kubernetes names add these; device IDs keep their case (docs/contract.md#who-calls-us: the yggdrasil client id, a
 * host name).
 */
export const NAME_TRICKS: [string, string, number][] = [
  ['uppercase', 'UPPER', 400],
  ['an underscore', 'a_b', 400],
];

/** A namespace is a DNS-1123 label: 63 characters at most. */
export const NAMESPACE_TRICKS: [string, string, number][] = [
  ...NAME_TRICKS,
  ['64 characters', 'a'.repeat(64), 400],
];

const EDGE_OPERATIONS: [string, string, (t: HostileTarget) => string | undefined][] = [
  ['POST', 'enrolment', (t) => json(enrolmentBody(t.ns))],
  ['GET', 'registration', () => undefined],
  ['PUT', 'registration', () => json(registrationBody())],
  ['GET', 'configuration', () => undefined],
  ['PUT', 'heartbeat', () => json(heartbeatBody())],
  ['GET', 'playbookexecutions', () => undefined],
];

export function edgePathCases(t: HostileTarget): HostileRequest[] {
  return EDGE_OPERATIONS.flatMap(([method, op, body]) => {
    const request = (path: string) => ({
      api: 'edge' as const,
      method,
      path,
      ...(body(t) === undefined ? {} : { headers: JSON_TYPE, body: body(t) }),
    });
    return [
      ...[...SEGMENT_TRICKS, ...NAMESPACE_TRICKS].map(([what, segment, status]) => ({
        ...request(`${EDGE_BASE}/namespaces/${segment}/devices/${t.device}/${op}`),
        name: `${method} ${op} with ${what} as the namespace`,
        status,
      })),
      ...SEGMENT_TRICKS.map(([what, segment, status]) => ({
        ...request(`${EDGE_BASE}/namespaces/${t.ns}/devices/${segment}/${op}`),
        name: `${method} ${op} with ${what} as the device ID`,
        status,
      })),
    ];
  });
}

/** Bodies no Edge API body operation takes, each with the operation's valid target (its 2xx would publish). */
export function edgeBodyCases(t: HostileTarget): HostileRequest[] {
  const targets: [string, string, string, string, string][] = [
    ['POST', 'enrolment', t.unknown, 'features', '{"features":{"hardware":{"cpu":{"count":1e400}}}}'],
    [
      'PUT',
      'registration',
      t.device,
      'hardware',
      '{"hardware":{"memory":{"physical_bytes":9223372036854775808}}}',
    ],
    ['PUT', 'heartbeat', t.device, 'hardware', '{"hardware":{"cpu":{"frequency":1e400}}}'],
  ];
  return targets.flatMap(([method, op, id, objectField, outOfRange]) => {
    const path = `${EDGE_BASE}/namespaces/${t.ns}/devices/${id}/${op}`;
    const cases: [string, Record<string, string>, string, number, string?][] = [
      ['a body over the 1 MiB limit', JSON_TYPE, json({ pad: 'a'.repeat(1_100_000) }), 413, 'BODY_TOO_LARGE'],
      ['JSON nested 100 levels deep', JSON_TYPE, nested(100), 400, 'INVALID_JSON'],
      ['malformed JSON', JSON_TYPE, '{"status":', 400, 'INVALID_JSON'],
      ['an empty JSON body', JSON_TYPE, '', 400],
      ['a JSON array', JSON_TYPE, '[]', 400, 'VALIDATION_FAILED'],
      ['JSON null', JSON_TYPE, 'null', 400, 'VALIDATION_FAILED'],
      ['a JSON string', JSON_TYPE, '"x"', 400, 'VALIDATION_FAILED'],
      ['a __proto__ key', JSON_TYPE, '{"__proto__":{"polluted":true}}', 400, 'INVALID_JSON'],
      [
        'a constructor.prototype key',
        JSON_TYPE,
        '{"constructor":{"prototype":{"x":1}}}',
        400,
        'INVALID_JSON',
      ],
      [
        'a duplicated key, the last of the wrong type',
        JSON_TYPE,
        `{"${objectField}":{},"${objectField}":5}`,
        400,
        'VALIDATION_FAILED',
      ],
      ['a number out of range', JSON_TYPE, outOfRange, 400, 'VALIDATION_FAILED'],
      ['text/plain', { 'content-type': 'text/plain' }, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['application/xml', { 'content-type': 'application/xml' }, '<x/>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 415],
      ['YAML', YAML_TYPE, 'status: up\n', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['no content type', {}, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    return cases.map(([what, headers, body, status, code]) => ({
      name: `${method} ${op} with ${what}`,
      api: 'edge' as const,
      method,
      path,
      headers,
      body,
      status,
      code,
    }));
  });
}

/** Limits on the request itself, the same on both APIs. */
export function envelopeCases(t: HostileTarget): HostileRequest[] {
  const targets: [HostileRequest['api'], string, string, string | undefined][] = [
    ['edge', 'GET', `${EDGE_BASE}/namespaces/${t.ns}/devices/${t.device}/registration`, undefined],
    ['edge', 'PUT', `${EDGE_BASE}/namespaces/${t.ns}/devices/${t.device}/heartbeat`, json(heartbeatBody())],
    ['management', 'GET', `/api/v1/namespaces/${t.ns}/devices`, undefined],
    ['management', 'PUT', `/api/v1/namespaces/${t.ns}/configmaps/hostile`, json({ data: { a: 'b' } })],
  ];
  const manyHeaders = Object.fromEntries(
    Array.from({ length: 800 }, (_, i) => [`x-hostile-${i}`, 'aaaaaaaaaa']),
  );
  return targets.flatMap(([api, method, path, body]) => {
    const base = { api, method, ...(body === undefined ? {} : { body }) };
    const headers = body === undefined ? {} : JSON_TYPE;
    return [
      {
        ...base,
        name: `${api} ${method} with a URL over 2048 characters`,
        path: `${path}?pad=${'a'.repeat(3000)}`,
        headers,
        status: 414,
        code: 'URL_TOO_LONG',
      },
      {
        ...base,
        name: `${api} ${method} with a 20 KiB header`,
        path,
        headers: { ...headers, 'x-hostile': 'a'.repeat(20 * 1024) },
        status: 431,
        code: 'HEADERS_TOO_LARGE',
      },
      {
        ...base,
        name: `${api} ${method} with 800 headers`,
        path,
        headers: { ...headers, ...manyHeaders },
        status: 431,
        code: 'HEADERS_TOO_LARGE',
      },
    ];
  });
}
