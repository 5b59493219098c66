import {
  type HostileRequest,
  type HostileTarget,
  json,
  JSON_TYPE,
  NAME_TRICKS,
  NAMESPACE_TRICKS,
  nested,
  SEGMENT_TRICKS,
  wide,
  YAML_TYPE,
} from './hostile-request.factory';

/** Hostile requests for the management API: routes by path parameter, bodies by write, selectors, apply. */

export const WORKLOAD = {
  deviceSelector: { matchLabels: { app: 'hostile' } },
  type: 'pod',
  pod: { spec: { containers: [{ name: 'c', image: 'quay.io/acme/c:1' }] } },
};

/** Management routes by path parameter, each with a valid body: a hostile parameter is the only fault. */
const managementRoutes = (
  t: HostileTarget,
): [string, (param: string) => string, string, string | undefined][] => [
  ['ns', (p) => `/namespaces/${p}/configmaps/cm`, 'PUT', json({ data: { a: 'b' } })],
  ['ns', (p) => `/namespaces/${p}/recording-policy`, 'PUT', json({ policy: 'status-only' })],
  ['ns', (p) => `/namespaces/${p}/devices?labelSelector=a%3Db`, 'GET', undefined],
  ['ns', (p) => `/namespaces/${p}/devices/${t.device}`, 'PATCH', json({ labels: { a: 'b' } })],
  ['name', (p) => `/namespaces/${t.ns}/configmaps/${p}`, 'PUT', json({ data: { a: 'b' } })],
  ['name', (p) => `/namespaces/${t.ns}/secrets/${p}`, 'PUT', json({ stringData: { a: 'b' } })],
  ['name', (p) => `/namespaces/${t.ns}/workloads/${p}`, 'PUT', json(WORKLOAD)],
  ['name', (p) => `/namespaces/${t.ns}/device-sets/${p}`, 'DELETE', undefined],
  ['name', (p) => `/namespaces/${t.ns}/playbook-executions/${p}`, 'GET', undefined],
  ['name', (p) => `/auto-approval-rules/${p}`, 'PUT', json({ deviceIdPattern: 'hostile-never-*' })],
  ['deviceId', (p) => `/namespaces/${t.ns}/devices/${p}`, 'GET', undefined],
  ['deviceId', (p) => `/namespaces/${t.ns}/devices/${p}`, 'PATCH', json({ labels: { a: 'b' } })],
  ['deviceId', (p) => `/namespaces/${t.ns}/devices/${p}`, 'DELETE', undefined],
  [
    'deviceId',
    (p) => `/namespaces/${t.ns}/devices/${p}/spec`,
    'PUT',
    json({ heartbeat: { periodSeconds: 30 } }),
  ],
  ['deviceId', (p) => `/enrolments/${p}/approve`, 'POST', json({})],
  ['deviceId', (p) => `/enrolments/${p}/reject`, 'POST', json({ reason: 'hostile' })],
];

export function managementPathCases(t: HostileTarget): HostileRequest[] {
  return managementRoutes(t).flatMap(([param, route, method, body]) => {
    const tricks = [
      ...SEGMENT_TRICKS,
      ...(param === 'ns' ? NAMESPACE_TRICKS : param === 'name' ? NAME_TRICKS : []),
    ];
    return tricks.map(([what, segment, status]) => ({
      name: `${method} ${route(`{${param}}`)} with ${what} as ${param}`,
      api: 'management' as const,
      method,
      path: `/api/v1${route(segment)}`,
      ...(body === undefined ? {} : { headers: JSON_TYPE, body }),
      status,
    }));
  });
}

/** Bodies every management write refuses the same way. */
const ANY_BODY: [string, Record<string, string>, string, number, string?][] = [
  ['a body over the 1 MiB limit', JSON_TYPE, json({ pad: 'a'.repeat(1_100_000) }), 413, 'BODY_TOO_LARGE'],
  ['JSON nested 100 levels deep', JSON_TYPE, nested(100), 400, 'INVALID_JSON'],
  ['malformed JSON', JSON_TYPE, '{"data":', 400, 'INVALID_JSON'],
  ['a __proto__ key', JSON_TYPE, '{"__proto__":{"polluted":true}}', 400, 'INVALID_JSON'],
  ['a constructor.prototype key', JSON_TYPE, '{"constructor":{"prototype":{"x":1}}}', 400, 'INVALID_JSON'],
  ['a NUL in a key', JSON_TYPE, '{"x\\u0000":"y"}', 400, 'VALIDATION_FAILED'],
  ['text/plain', { 'content-type': 'text/plain' }, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['application/xml', { 'content-type': 'application/xml' }, '<x/>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['no content type', {}, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
];

/** Each management write with bodies only it can get wrong: values that would be stored, numbers, types. */
const managementWrites = (t: HostileTarget): [string, string, [string, unknown][]][] => [
  [
    'PUT',
    `/namespaces/${t.ns}/configmaps/cm`,
    [
      ['a NUL in a value', { data: { a: 'x\u0000y' } }],
      ['a NUL in a data key', { data: { 'a\u0000': 'y' } }],
      ['10,001 keys', { data: wide(10_001) }],
      ['a value that is not a string', { data: { a: { b: 'c' } } }],
      ['a label with a NUL', { data: {}, labels: { a: 'b\u0000' } }],
    ],
  ],
  [
    'PUT',
    `/namespaces/${t.ns}/secrets/sec`,
    [
      ['a NUL in stringData', { stringData: { a: 'x\u0000y' } }],
      ['a traversal as a key', { stringData: { '../x': 'y' } }],
      ['data that is not base64', { data: { a: '!!!' } }],
    ],
  ],
  [
    'PUT',
    `/namespaces/${t.ns}/workloads/web`,
    [
      ['a NUL deep in the pod spec', { ...WORKLOAD, pod: { spec: { containers: [{ name: 'c\u0000' }] } } }],
      [
        'a malformed selector',
        { ...WORKLOAD, deviceSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } },
      ],
    ],
  ],
  [
    'PUT',
    `/namespaces/${t.ns}/device-sets/set`,
    [
      ['a period out of range', { heartbeat: { periodSeconds: 1e300 } }],
      ['a period as a string', { heartbeat: { periodSeconds: '30' } }],
    ],
  ],
  [
    'PUT',
    `/namespaces/${t.ns}/devices/${t.device}/spec`,
    [['a period of 2^53+1', '{"heartbeat":{"periodSeconds":9007199254740993}}']],
  ],
  [
    'PUT',
    `/namespaces/${t.ns}/playbook-executions/play`,
    [
      ['a NUL in the playbook', { device: t.device, playbook: { content: '- hosts: all\u0000' } }],
      ['a device ID with ..', { device: 'a..b', playbook: { content: '- hosts: all' } }],
    ],
  ],
  [
    'PATCH',
    `/namespaces/${t.ns}/devices/${t.device}`,
    [
      ['a NUL in a label', { labels: { a: 'b\u0000' } }],
      ['a label key with ..', { labels: { '../a': 'b' } }],
    ],
  ],
  [
    'POST',
    `/enrolments/${t.pending}/approve`,
    [
      ['a namespace with ..', { namespace: '..' }],
      ['labels as an array', { labels: ['a'] }],
    ],
  ],
  ['POST', `/enrolments/${t.pending}/reject`, [['a NUL in the reason', { reason: 'no\u0000' }]]],
  [
    'PUT',
    '/auto-approval-rules/hostile',
    [
      ['a priority of 1e400', '{"deviceIdPattern":"x*","priority":1e400}'],
      ['a priority of 2^63', '{"deviceIdPattern":"x*","priority":9223372036854775808}'],
      ['a negative priority', { deviceIdPattern: 'x*', priority: -1 }],
      ['a pattern with a NUL', { deviceIdPattern: 'x\u0000*' }],
    ],
  ],
  ['PUT', `/namespaces/${t.ns}/recording-policy`, [['an unknown policy', { policy: 'everything' }]]],
];

export function managementBodyCases(t: HostileTarget): HostileRequest[] {
  return managementWrites(t).flatMap(([method, path, specific]) =>
    [
      ...ANY_BODY.map(([what, headers, body, status, code]) => ({ what, headers, body, status, code })),
      ...specific.map(([what, value]) => ({
        what,
        headers: JSON_TYPE,
        body: typeof value === 'string' ? value : json(value),
        status: 400,
        code: 'VALIDATION_FAILED',
      })),
    ].map(({ what, ...c }) => ({
      ...c,
      name: `${method} ${path} with ${what}`,
      api: 'management' as const,
      method,
      path: `/api/v1${path}`,
    })),
  );
}

const SELECTORS: [string, string, number][] = [
  ['an unclosed set', 'a in (b', 400],
  ['no key', '=x', 400],
  ['three equals signs', 'a===b', 400],
  ['a value with =', 'a=b=c', 400],
  ['a lone !', '!', 400],
  ['an empty term', 'a,,b', 400],
  ['a parenthesised key', '(a)', 400],
  ['text after a set', 'a notin (b,c)x', 400],
  ['nested parentheses', 'a in ((b))', 400],
  ['a NUL', 'a\u0000', 400],
  ['a 1,500-character key', 'k'.repeat(1500), 400],
  ['3,000 characters', 'k'.repeat(3000), 414],
];

export function selectorCases(t: HostileTarget): HostileRequest[] {
  return SELECTORS.map(([what, selector, status]) => ({
    name: `GET devices with a label selector with ${what}`,
    api: 'management' as const,
    method: 'GET',
    path: `/api/v1/namespaces/${t.ns}/devices?labelSelector=${encodeURIComponent(selector)}`,
    status,
  }));
}

const laughs = (t: HostileTarget): string =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    `metadata: {name: laughs, namespace: ${t.ns}}`,
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'data: {x: *d}',
  ].join('\n');

const configMapYaml = (t: HostileTarget, data: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${t.ns}\ndata:\n${data}`;

export function applyCases(t: HostileTarget): HostileRequest[] {
  const yaml: [string, Record<string, string>, string, number, string?][] = [
    ['billion laughs', YAML_TYPE, laughs(t), 400, 'VALIDATION_FAILED'],
    ['a !!js/function tag', YAML_TYPE, configMapYaml(t, '  run: !!js/function "function () {}"\n'), 400],
    ['an unknown local tag', YAML_TYPE, configMapYaml(t, '  a: !foo bar\n'), 400],
    ['a !!binary tag', YAML_TYPE, configMapYaml(t, '  a: !!binary aGk=\n'), 400],
    ['a document over the body limit', YAML_TYPE, configMapYaml(t, `  a: ${'x'.repeat(1_100_000)}\n`), 413],
    [
      'aliases that expand beyond the body limit',
      YAML_TYPE,
      `a: &a "${'x'.repeat(60_000)}"\nb: [${Array.from({ length: 40 }, () => '*a').join(', ')}]\n`,
      413,
      'BODY_TOO_LARGE',
    ],
    ['200,000 nested flow sequences', YAML_TYPE, `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, 400],
    [
      '70 nested block maps',
      YAML_TYPE,
      `${Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
      400,
    ],
    ['a duplicated key', YAML_TYPE, configMapYaml(t, '  a: b\n  a: c\n'), 400],
    ['a __proto__ key', YAML_TYPE, configMapYaml(t, '  __proto__: {polluted: yes}\n'), 400],
    ['a NUL escape', YAML_TYPE, configMapYaml(t, '  a: "x\\0y"\n'), 400],
    ['a raw NUL', YAML_TYPE, configMapYaml(t, '  a: "x\u0000y"\n'), 400],
    [
      '10,001 keys in one map',
      YAML_TYPE,
      configMapYaml(
        t,
        Object.keys(wide(10_001))
          .map((k) => `  ${k}: v\n`)
          .join(''),
      ),
      400,
    ],
    [
      'a base64 playbook that decodes to a NUL',
      YAML_TYPE,
      [
        'apiVersion: management.project-flotta.io/v1alpha1',
        'kind: PlaybookExecution',
        `metadata: {name: play, namespace: ${t.ns}, ownerReferences: [{kind: EdgeDevice, name: ${t.device}}]}`,
        `spec: {playbook: {content: ${Buffer.from('- hosts: all\u0000').toString('base64')}}}`,
      ].join('\n'),
      400,
    ],
    ['501 documents', YAML_TYPE, Array.from({ length: 501 }, (_, i) => `i: ${i}`).join('\n---\n'), 400],
    ['malformed YAML', YAML_TYPE, configMapYaml(t, '  a: [b\n'), 400],
    ['a name with ..', YAML_TYPE, configMapYaml(t, '  a: b\n').replace('name: applied', 'name: ..'), 400],
    ['text/plain', { 'content-type': 'text/plain' }, configMapYaml(t, '  a: b\n'), 415],
    ['JSON nested 100 levels deep', JSON_TYPE, nested(100), 400, 'INVALID_JSON'],
    ['malformed JSON', JSON_TYPE, '[{"kind":', 400, 'INVALID_JSON'],
  ];
  return yaml.map(([what, headers, body, status, code]) => ({
    name: `POST apply with ${what}`,
    api: 'management' as const,
    method: 'POST',
    path: `/api/v1/apply?namespace=${t.ns}`,
    headers,
    body,
    status,
    code,
  }));
}
