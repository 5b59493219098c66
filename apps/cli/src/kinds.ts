import { matchesSelector, parseSelector } from './args';
import { UsageError } from './cli-error';
import type { ManagementApi } from './management-api.client';
import { type Column, formatAge, formatLabels, orNone, text } from './table';

export type Obj = Record<string, unknown>;

/** What `get` asks of a kind's list. */
export interface ListRequest {
  namespaces: string[];
  selector?: string;
  state?: string;
  presence?: string;
  limit?: number;
}

/** A kind of the management API as `get`, `describe` and `delete` see it. */
export interface Kind {
  plural: string;
  singular: string;
  aliases: string[];
  namespaced: boolean;
  columns: Column<Obj>[];
  nameOf(o: Obj): string;
  list(api: ManagementApi, request: ListRequest): Promise<Obj[]>;
  get(api: ManagementApi, ns: string, name: string): Promise<Obj | undefined>;
  remove?(api: ManagementApi, ns: string, name: string): Promise<void>;
}

const seg = encodeURIComponent;
const str = (v: unknown): string => orNone(v);
const age = (field: string) => (o: Obj, now: number) => formatAge(o[field] as string | null, now);
const byName = (o: Obj): string => String(o.name);

/** Kinds the server cannot filter by label or state are filtered here, with the same selector syntax. */
function filterLocally(items: Obj[], request: ListRequest, labelsOf: (o: Obj) => unknown): Obj[] {
  if (!request.selector) {
    return items;
  }
  const reqs = parseSelector(request.selector);
  return items.filter((o) => matchesSelector(labelsOf(o) as Record<string, string>, reqs));
}

async function eachNamespace(request: ListRequest, fetch: (ns: string) => Promise<Obj[]>): Promise<Obj[]> {
  const all: Obj[] = [];
  for (const ns of request.namespaces) {
    all.push(...(await fetch(ns)));
    if (request.limit !== undefined && all.length >= request.limit) {
      break;
    }
  }
  return request.limit === undefined ? all : all.slice(0, request.limit);
}

/** A catalogue resource under `/namespaces/{ns}/<path>`, with get, put and delete by name. */
function catalogueKind(
  plural: string,
  singular: string,
  aliases: string[],
  path: string,
  columns: Column<Obj>[],
  labelsOf: (o: Obj) => unknown = (o) => o.labels,
): Kind {
  return {
    plural,
    singular,
    aliases,
    namespaced: true,
    columns,
    nameOf: byName,
    list: (api, request) =>
      eachNamespace(request, async (ns) =>
        filterLocally(await api.list<Obj>(`/namespaces/${seg(ns)}/${path}`), request, labelsOf),
      ),
    get: (api, ns, name) =>
      api.request<Obj>('GET', `/namespaces/${seg(ns)}/${path}/${seg(name)}`, { allowNotFound: true }),
    remove: async (api, ns, name) => {
      await api.request('DELETE', `/namespaces/${seg(ns)}/${path}/${seg(name)}`);
    },
  };
}

const workloadTarget = (o: Obj): string => {
  if (typeof o.device === 'string') {
    return `device=${o.device}`;
  }
  const sel = (o.deviceSelector ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: Obj[] };
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = Array.isArray(e.values) ? `(${(e.values as string[]).join(',')})` : '';
    parts.push(`${String(e.key)} ${String(e.operator)}${values ? ` ${values}` : ''}`);
  }
  return parts.length ? parts.join(',') : '<all>';
};

const containers = (o: Obj): string => {
  const spec = ((o.pod as Obj | undefined)?.spec ?? {}) as { containers?: { image?: string }[] };
  return (spec.containers ?? []).map((c) => c.image ?? '').join(',') || '<none>';
};

const devices: Kind = {
  plural: 'devices',
  singular: 'device',
  aliases: ['device', 'dev'],
  namespaced: true,
  columns: [
    { header: 'NAME', cell: (o) => str(o.deviceId) },
    { header: 'STATE', cell: (o) => str(o.state) },
    { header: 'PRESENCE', cell: (o) => str(o.presence) },
    {
      header: 'CONFIG',
      cell: (o) => `${text(o.reportedConfigVersion ?? '-')}/${text(o.desiredConfigVersion ?? '-')}`,
    },
    {
      header: 'LAST-SEEN',
      cell: (o, now) => (o.lastSeenAt ? formatAge(o.lastSeenAt as string, now) : '<never>'),
      wide: true,
    },
    { header: 'LABELS', cell: (o) => formatLabels(o.labels as Record<string, string>), wide: true },
    { header: 'AGE', cell: age('enrolledAt') },
  ],
  nameOf: (o) => String(o.deviceId),
  list: (api, request) =>
    eachNamespace(request, (ns) =>
      api.list<Obj>(
        `/namespaces/${seg(ns)}/devices`,
        { labelSelector: request.selector, state: request.state, presence: request.presence },
        request.limit,
      ),
    ),
  get: (api, ns, id) =>
    api.request<Obj>('GET', `/namespaces/${seg(ns)}/devices/${seg(id)}`, { allowNotFound: true }),
  remove: async (api, ns, id) => {
    await api.request('DELETE', `/namespaces/${seg(ns)}/devices/${seg(id)}`);
  },
};

export const ENROLMENT_STATES = ['pending', 'approved', 'rejected'];

const enrolments: Kind = {
  plural: 'enrolments',
  singular: 'enrolment',
  aliases: ['enrolment', 'enr', 'enrollments', 'enrollment'],
  namespaced: false,
  columns: [
    { header: 'NAME', cell: (o) => str(o.deviceId) },
    { header: 'STATE', cell: (o) => str(o.state) },
    { header: 'REQUESTED', cell: (o) => str(o.requestedNamespace) },
    { header: 'NAMESPACE', cell: (o) => str(o.namespace) },
    { header: 'DECIDED-BY', cell: (o) => str(o.decidedBy), wide: true },
    { header: 'REASON', cell: (o) => str(o.decisionReason), wide: true },
    { header: 'AGE', cell: age('enrolledAt') },
  ],
  nameOf: (o) => String(o.deviceId),
  list: async (api, request) => {
    const states = request.state === 'all' ? ENROLMENT_STATES : [request.state ?? 'pending'];
    const all: Obj[] = [];
    for (const status of states) {
      if (!ENROLMENT_STATES.includes(status)) {
        throw new UsageError(`--state for enrolments: one of ${ENROLMENT_STATES.join(', ')}, all`);
      }
      all.push(...(await api.list<Obj>('/enrolments', { status }, request.limit)));
    }
    return filterLocally(all, request, (o) => o.labels);
  },
  get: async (api, _ns, id) => {
    for (const status of ENROLMENT_STATES) {
      const found = (await api.list<Obj>('/enrolments', { status })).find((o) => o.deviceId === id);
      if (found) {
        return found;
      }
    }
    return undefined;
  },
};

const deviceSpecs: Kind = {
  plural: 'devicespecs',
  singular: 'devicespec',
  aliases: ['devicespec'],
  namespaced: true,
  columns: [
    { header: 'NAME', cell: (o) => str(o.deviceId) },
    {
      header: 'SECTIONS',
      cell: (o) =>
        Object.keys(o)
          .filter((k) => !['deviceId', 'namespace', 'resourceVersion'].includes(k))
          .sort()
          .join(',') || '<none>',
    },
    { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
  ],
  nameOf: (o) => String(o.deviceId),
  // No list endpoint: the namespace's devices, each asked for its own spec.
  list: (api, request) =>
    eachNamespace(request, async (ns) => {
      const specs: Obj[] = [];
      for (const d of await api.list<Obj>(`/namespaces/${seg(ns)}/devices`, {
        labelSelector: request.selector,
      })) {
        const spec = await deviceSpecs.get(api, ns, String(d.deviceId));
        if (spec && spec.resourceVersion !== undefined && spec.resourceVersion !== null) {
          specs.push({ deviceId: d.deviceId, ...spec });
        }
      }
      return specs;
    }),
  get: async (api, ns, id) => {
    const spec = await api.request<Obj>('GET', `/namespaces/${seg(ns)}/devices/${seg(id)}/spec`, {
      allowNotFound: true,
    });
    return spec === undefined ? undefined : { deviceId: id, ...spec };
  },
};

const autoApprovalRules: Kind = {
  plural: 'autoapprovalrules',
  singular: 'autoapprovalrule',
  aliases: ['autoapprovalrule', 'aar', 'rules'],
  namespaced: false,
  columns: [
    { header: 'NAME', cell: (o) => str(o.name) },
    { header: 'DEVICES', cell: (o) => str(o.deviceIdPattern) },
    { header: 'FROM', cell: (o) => str(o.namespacePattern) },
    { header: 'TARGET', cell: (o) => str(o.targetNamespace) },
    { header: 'PRIORITY', cell: (o) => str(o.priority) },
    { header: 'ENABLED', cell: (o) => str(o.enabled) },
    { header: 'LABELS', cell: (o) => formatLabels(o.labels as Record<string, string>), wide: true },
    { header: 'AGE', cell: age('createdAt') },
  ],
  nameOf: byName,
  list: async (api, request) =>
    filterLocally(await api.list<Obj>('/auto-approval-rules'), request, (o) => o.labels),
  get: (api, _ns, name) =>
    api.request<Obj>('GET', `/auto-approval-rules/${seg(name)}`, { allowNotFound: true }),
  remove: async (api, _ns, name) => {
    await api.request('DELETE', `/auto-approval-rules/${seg(name)}`);
  },
};

const recordingPolicies: Kind = {
  plural: 'recordingpolicies',
  singular: 'recordingpolicy',
  aliases: ['recordingpolicy', 'rp'],
  namespaced: false,
  columns: [
    { header: 'NAMESPACE', cell: (o) => str(o.namespace) },
    { header: 'POLICY', cell: (o) => str(o.policy) },
    { header: 'STORED', cell: (o) => str(o.stored) },
  ],
  nameOf: (o) => String(o.namespace),
  list: (api) => api.list<Obj>('/recording-policies'),
  // By namespace; `*` (or `default`) is the default of all namespaces.
  get: (api, _ns, name) =>
    api.request<Obj>(
      'GET',
      name === '*' || name === 'default' ? '/recording-policy' : `/namespaces/${seg(name)}/recording-policy`,
      {
        allowNotFound: true,
      },
    ),
  remove: async (api, _ns, name) => {
    await api.request('DELETE', `/namespaces/${seg(name)}/recording-policy`);
  },
};

/** Devices authorised before they enrol (`edgectl preauth` writes them). */
export const preauthorizations: Kind = {
  plural: 'preauthorizations',
  singular: 'preauthorization',
  aliases: ['preauthorization', 'preauth', 'preauths'],
  namespaced: false,
  columns: [
    { header: 'DEVICE', cell: (o) => str(o.deviceId) },
    { header: 'NAMESPACE', cell: (o) => str(o.namespace) },
    { header: 'STATE', cell: (o) => str(o.state) },
    { header: 'EXPIRES', cell: (o) => str(o.expiresAt) },
    { header: 'USED', cell: (o, now) => (o.usedAt ? formatAge(o.usedAt as string, now) : str(null)) },
    { header: 'LABELS', cell: (o) => formatLabels(o.labels as Record<string, string>), wide: true },
    { header: 'CREATED BY', cell: (o) => str(o.createdBy), wide: true },
    { header: 'AGE', cell: age('createdAt') },
  ],
  nameOf: (o) => String(o.deviceId),
  list: async (api, request) =>
    filterLocally(
      (await api.list<Obj>('/preauthorizations', {}, request.limit)).filter(
        (o) => !request.state || o.state === request.state,
      ),
      request,
      (o) => o.labels,
    ),
  get: (api, _ns, id) => api.request<Obj>('GET', `/preauthorizations/${seg(id)}`, { allowNotFound: true }),
  remove: async (api, _ns, id) => {
    await api.request('DELETE', `/preauthorizations/${seg(id)}`);
  },
};

const tokens: Kind = {
  plural: 'tokens',
  singular: 'token',
  aliases: ['token'],
  namespaced: false,
  columns: [
    { header: 'NAME', cell: (o) => str(o.name) },
    { header: 'ROLES', cell: (o) => ((o.roles as string[] | undefined) ?? []).join(',') },
    { header: 'NAMESPACES', cell: (o) => ((o.namespaces as string[] | undefined) ?? []).join(',') },
    { header: 'SOURCE', cell: (o) => str(o.source) },
    { header: 'EXPIRES', cell: (o) => str(o.expiresAt) },
    { header: 'CREATED-BY', cell: (o) => str(o.createdBy), wide: true },
  ],
  nameOf: byName,
  list: (api) => api.list<Obj>('/tokens'),
  get: async (api, _ns, name) => (await api.list<Obj>('/tokens')).find((t) => t.name === name),
  remove: async (api, _ns, name) => {
    await api.request('DELETE', `/tokens/${seg(name)}`);
  },
};

/** The audit trail pages by `before` (the previous page's `nextBefore`), newest first. */
export async function listAudit(
  api: ManagementApi,
  query: Record<string, string | undefined>,
  limit?: number,
): Promise<Obj[]> {
  const items: Obj[] = [];
  let before: string | undefined;
  do {
    const page = await api.request<{ items: Obj[]; nextBefore: string | null }>('GET', '/audit', {
      query: { ...query, before, limit: limit === undefined ? 500 : Math.min(500, limit - items.length) },
    });
    items.push(...page.items);
    before = page.nextBefore ?? undefined;
  } while (before !== undefined && (limit === undefined || items.length < limit));
  return items;
}

export const auditColumns: Column<Obj>[] = [
  { header: 'AGE', cell: age('recordedAt') },
  { header: 'ACTOR', cell: (o) => str(o.actor) },
  { header: 'ACTION', cell: (o) => str(o.action) },
  { header: 'RESOURCE', cell: (o) => str(o.resource) },
  { header: 'NAMESPACE', cell: (o) => str(o.namespace) },
  { header: 'OUTCOME', cell: (o) => str(o.outcome) },
  { header: 'STATUS', cell: (o) => str(o.statusCode) },
  { header: 'CORRELATION-ID', cell: (o) => str(o.correlationId), wide: true },
];

const audit: Kind = {
  plural: 'audit',
  singular: 'auditentry',
  aliases: ['auditentries', 'auditentry'],
  namespaced: false,
  columns: auditColumns,
  nameOf: (o) => String(o.id),
  list: (api, request) => listAudit(api, {}, request.limit),
  get: async (api, _ns, id) => (await listAudit(api, {})).find((e) => e.id === id),
};

export const KINDS: Kind[] = [
  devices,
  enrolments,
  catalogueKind('workloads', 'workload', ['workload', 'ew', 'edgeworkload', 'edgeworkloads'], 'workloads', [
    { header: 'NAME', cell: (o) => str(o.name) },
    { header: 'TARGET', cell: workloadTarget },
    { header: 'IMAGES', cell: containers, wide: true },
    { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
    { header: 'AGE', cell: age('createdAt') },
  ]),
  catalogueKind(
    'devicesets',
    'deviceset',
    ['deviceset', 'eds', 'edgedeviceset', 'edgedevicesets'],
    'device-sets',
    [
      { header: 'NAME', cell: (o) => str(o.name) },
      {
        header: 'SECTIONS',
        cell: (o) =>
          Object.keys(o)
            .filter((k) => !['name', 'namespace', 'resourceVersion'].includes(k))
            .sort()
            .join(',') || '<none>',
      },
      { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
    ],
  ),
  deviceSpecs,
  catalogueKind('secrets', 'secret', ['secret'], 'secrets', [
    { header: 'NAME', cell: (o) => str(o.name) },
    { header: 'TYPE', cell: (o) => str(o.type) },
    { header: 'DATA', cell: (o) => String(((o.keys as string[] | undefined) ?? []).length) },
    { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
    { header: 'AGE', cell: age('createdAt') },
  ]),
  catalogueKind('configmaps', 'configmap', ['configmap', 'cm'], 'configmaps', [
    { header: 'NAME', cell: (o) => str(o.name) },
    { header: 'DATA', cell: (o) => String(Object.keys((o.data as Obj | undefined) ?? {}).length) },
    { header: 'LABELS', cell: (o) => formatLabels(o.labels as Record<string, string>), wide: true },
    { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
  ]),
  catalogueKind(
    'playbookexecutions',
    'playbookexecution',
    ['playbookexecution', 'pe'],
    'playbook-executions',
    [
      { header: 'NAME', cell: (o) => str(o.name) },
      { header: 'DEVICE', cell: (o) => str(o.device) },
      { header: 'VERSION', cell: (o) => str(o.resourceVersion) },
    ],
    () => ({}),
  ),
  autoApprovalRules,
  preauthorizations,
  recordingPolicies,
  tokens,
  audit,
];

/** The kind a user typed: plural, singular or short name, case-insensitive. */
export function findKind(name: string): Kind {
  const wanted = name.toLowerCase();
  const kind = KINDS.find((k) => k.plural === wanted || k.singular === wanted || k.aliases.includes(wanted));
  if (!kind) {
    throw new UsageError(`unknown kind "${name}"; one of ${KINDS.map((k) => k.plural).join(', ')}`);
  }
  return kind;
}
