import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CliError, EXIT, UsageError } from '../cli-error';
import { ContextsStore } from '../contexts.store';
import { ManagementApi, normalizeServer } from '../management-api.client';
import { outputFormat, serialize } from '../output';
import { out } from '../stdout';
import { formatTable } from '../table';

interface LoginOptions {
  token?: string;
  tokenFile?: string;
  name?: string;
  namespace?: string;
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Check a token against a server (whoami) and save them as a context, made current')
    .argument('<server>', 'the management API, e.g. http://127.0.0.1:8081')
    .option('--token <token>', 'bearer token (or --token-file, or EDGECTL_TOKEN)')
    .option('--token-file <path>', 'read the token from a file')
    .option('--name <context>', 'context name (default: the server host and port)')
    .option('--namespace <ns>', 'default namespace of the context')
    .addHelpText(
      'after',
      `
The context is saved in ~/.config/edgectl/config.yaml (EDGECTL_CONFIG overrides the path), mode 0600.

Examples:
  edgectl login http://127.0.0.1:8081 --token-file .stack/admin-token
  EDGECTL_TOKEN=fct_... edgectl login https://edge.example.com --name prod --namespace fleet`,
    )
    .action(async (server: string, options: LoginOptions) => {
      const token = readToken(options);
      const api = new ManagementApi(server, token);
      const me = await api.request<{ actor?: string; roles?: string[]; namespaces?: string[] }>(
        'GET',
        '/whoami',
      );
      const store = new ContextsStore();
      const name = options.name ?? new URL(normalizeServer(server)).host;
      store.save({
        name,
        server: api.server,
        token,
        ...(options.namespace ? { namespace: options.namespace } : {}),
      });
      out(
        `Logged in to ${api.server} as ${me.actor ?? '?'} (${(me.roles ?? []).join(',')} in ${(me.namespaces ?? []).join(',')}); ` +
          `context "${name}" saved in ${store.path}`,
      );
    });
}

function readToken(options: LoginOptions): string {
  if (options.token && options.tokenFile) {
    throw new UsageError('--token and --token-file: one or the other');
  }
  let token = options.token;
  if (options.tokenFile) {
    try {
      token = readFileSync(options.tokenFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--token-file ${options.tokenFile}: ${(error as Error).message}`);
    }
  }
  token = (token ?? process.env.EDGECTL_TOKEN ?? '').trim();
  if (!token) {
    throw new CliError('no token: pass --token, --token-file or set EDGECTL_TOKEN', EXIT.refused);
  }
  return token;
}

export function configCommand(): Command {
  const config = new Command('config').description('Saved contexts: servers, tokens, default namespaces');
  config
    .command('get-contexts')
    .description('List the contexts; * marks the current one')
    .option('-o, --output <format>', 'table|json|yaml|name')
    .action((options: { output?: string }) => {
      const { currentContext, contexts } = new ContextsStore().read();
      const format = outputFormat(options.output);
      // Tokens stay in the file: no output shows them.
      const shown = contexts.map((c) => ({
        name: c.name,
        server: c.server,
        namespace: c.namespace ?? null,
        current: c.name === currentContext,
      }));
      if (format === 'json' || format === 'yaml') {
        out(serialize({ kind: 'List', items: shown }, format));
      } else if (format === 'name') {
        shown.forEach((c) => out(c.name));
      } else {
        out(
          formatTable(
            ['CURRENT', 'NAME', 'SERVER', 'NAMESPACE'],
            shown.map((c) => [c.current ? '*' : '', c.name, c.server, c.namespace ?? '']),
          ),
        );
      }
    });
  config
    .command('use-context')
    .description('Make a context the current one')
    .argument('<name>')
    .action((name: string) => {
      new ContextsStore().use(name);
      out(`Switched to context "${name}".`);
    });
  config
    .command('current-context')
    .description('Print the current context')
    .action(() => {
      const { currentContext } = new ContextsStore().read();
      if (!currentContext) {
        throw new CliError('no current context: edgectl login <server> --token <token>', EXIT.notFound);
      }
      out(currentContext);
    });
  config.addHelpText(
    'after',
    `
Examples:
  edgectl config get-contexts
  edgectl config use-context prod
  edgectl config current-context`,
  );
  return config;
}
