import type { FastifyRequest } from 'fastify';

const PREFIX = '/api/v1/';

export interface DescribedRequest {
  /** Method and route without ids, e.g. `PUT workloads`, `POST enrolments/approve`. */
  action: string;
  path: string;
  namespace: string | null;
  /** The route with its ids, after the namespace, e.g. `workloads/web`, `devices/dev-1/spec`. */
  resource: string | null;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Refused requests are recorded too, before their parameters were validated: whatever a caller sent must fit the
 * columns and hold no NUL (which PostgreSQL text refuses), or the refusal would turn into a 500.
 */
export const fit = (value: string, max: number): string => value.replaceAll('\0', '\uFFFD').slice(0, max);

/** A namespace as recorded: only a valid one, so a scoped admin's filter can never match a forged value. */
export const recordableNamespace = (ns: string | null | undefined): string | null =>
  ns && DNS_LABEL.test(ns) ? ns : null;

/** The audit trail's words for a management request, from its route template and parameters. */
export function describeRequest(request: FastifyRequest): DescribedRequest {
  const template = request.routeOptions.url ?? request.url;
  const params = (request.params ?? {}) as Record<string, string>;
  const path = request.url.split('?')[0];
  const segments = template.startsWith(PREFIX) ? template.slice(PREFIX.length).split('/') : [template];
  const namespaced = segments[0] === 'namespaces' && segments[1] === ':ns';
  const rest = namespaced ? segments.slice(2) : segments;
  const resource = rest.map((s) => (s.startsWith(':') ? (params[s.slice(1)] ?? s) : s)).join('/');
  const action = rest.filter((s) => !s.startsWith(':')).join('/');
  return {
    action: fit(`${request.method} ${action}`, 100),
    path: fit(path, 2048),
    namespace: namespaced ? recordableNamespace(params.ns) : null,
    resource: resource ? fit(resource, 600) : null,
  };
}
