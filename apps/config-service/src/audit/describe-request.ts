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
    action: `${request.method} ${action}`,
    path,
    namespace: namespaced ? (params.ns ?? null) : null,
    resource: resource || null,
  };
}
