import type { Command } from 'commander';
import { CliError, EXIT } from './cli-error';
import { ContextsStore } from './contexts.store';
import { ENROLMENT_STATES, type Obj } from './kinds';
import { ManagementApi } from './management-api.client';

export interface GlobalOptions {
  context?: string;
  server?: string;
}

/** The server, token and default namespace one command runs with. */
export interface Session {
  api: ManagementApi;
  /** `-n`, else the context's namespace, else `default`. */
  namespace: string;
}

/** `--server` and `--context` on the command line, `EDGECTL_TOKEN` in the environment, then the saved context. */
export function openSession(command: Command, namespace?: string): Session {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const context = new ContextsStore().resolve(globals.context);
  const server = globals.server ?? context?.server;
  if (!server) {
    throw new CliError(
      'no server: log in first (edgectl login <server> --token <token>) or pass --server',
      EXIT.refused,
    );
  }
  const token = process.env.EDGECTL_TOKEN || context?.token;
  return { api: new ManagementApi(server, token), namespace: namespace ?? context?.namespace ?? 'default' };
}

/**
 * The namespaces `-A` covers. A caller scoped to namespaces gets those; a caller of `*` gets every namespace the
 * registry knows of (where devices asked to go or were placed), since the API has no list of namespaces.
 */
export async function allNamespaces(session: Session): Promise<string[]> {
  const me = await session.api.request<{ namespaces?: string[] }>('GET', '/whoami');
  if (me.namespaces && !me.namespaces.includes('*')) {
    return [...me.namespaces].sort();
  }
  const found = new Set<string>([session.namespace]);
  for (const status of ENROLMENT_STATES) {
    for (const e of await session.api.list<Obj>('/enrolments', { status })) {
      found.add(String(e.namespace));
      found.add(String(e.requestedNamespace));
    }
  }
  return [...found].filter((n) => n !== 'undefined').sort();
}
