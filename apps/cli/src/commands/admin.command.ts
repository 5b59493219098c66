import { Command } from 'commander';
import { sinceToIso } from '../args';
import { UsageError } from '../cli-error';
import { auditColumns, listAudit } from '../kinds';
import { asList, outputFormat, serialize, TablePrinter } from '../output';
import { openSession } from '../session';
import { out } from '../stdout';
import { CLIENT_VERSION } from '../version';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',')];

export function auditCommand(): Command {
  return new Command('audit')
    .description('The audit trail, newest first (admins)')
    .option('--actor <actor>', 'only this caller (token:<name>, oidc:<subject>, rule:<name>)')
    .option('--since <when>', 'a duration back from now (30m, 1h, 2d) or a timestamp')
    .option('--until <when>', 'a timestamp')
    .option('-n, --namespace <ns>', 'only this namespace')
    .option('--action <action>', 'only this action (PUT workloads, enrolment.approved, ...)')
    .option('--outcome <outcome>', 'succeeded|denied|failed')
    .option('--limit <n>', 'at most n entries', '100')
    .option('-o, --output <format>', 'table|wide|json|yaml')
    .addHelpText(
      'after',
      `
Examples:
  edgectl audit --since 1h
  edgectl audit --actor token:alice --outcome denied -o wide`,
    )
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const session = openSession(command);
      const format = outputFormat(options.output);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new UsageError(`--limit ${options.limit}: a positive integer`);
      }
      const entries = await listAudit(
        session.api,
        {
          actor: options.actor,
          since: options.since ? sinceToIso(options.since) : undefined,
          until: options.until ? sinceToIso(options.until) : undefined,
          namespace: options.namespace,
          action: options.action,
          outcome: options.outcome,
        },
        limit,
      );
      if (format === 'json' || format === 'yaml') {
        out(serialize(asList(entries), format));
      } else if (entries.length === 0) {
        process.stderr.write('No audit entries found.\n');
      } else {
        out(new TablePrinter(auditColumns, format === 'wide', false).table(entries));
      }
    });
}

export function tokenCommand(): Command {
  const token = new Command('token').description('Mint and revoke API tokens (admins of every namespace)');
  token
    .command('create')
    .description('Mint a token; it is printed once and only its SHA-256 is kept')
    .argument('<name>', 'token name (recorded as token:<name>)')
    .requiredOption('--role <role>', 'viewer|operator|admin (repeatable or comma-separated)', collect)
    .requiredOption('--namespace <ns>', 'a namespace, or * for all (repeatable or comma-separated)', collect)
    .option('--expires-at <timestamp>', 'when it stops working (ISO-8601)')
    .option('-o, --output <format>', 'json|yaml (default: the token alone)')
    .addHelpText(
      'after',
      `
Examples:
  edgectl token create ci-bot --role operator --namespace fleet
  edgectl token create auditor --role viewer --namespace '*' --expires-at 2027-01-01T00:00:00Z`,
    )
    .action(
      async (
        name: string,
        options: { role: string[]; namespace: string[]; expiresAt?: string; output?: string },
        command: Command,
      ) => {
        const session = openSession(command);
        const minted = await session.api.request<Record<string, unknown>>(
          'PUT',
          `/tokens/${encodeURIComponent(name)}`,
          {
            body: { roles: options.role, namespaces: options.namespace, expiresAt: options.expiresAt },
          },
        );
        const format = options.output === undefined ? undefined : outputFormat(options.output);
        if (format === 'json' || format === 'yaml') {
          out(serialize(minted, format));
        } else {
          process.stderr.write(`token/${name} created; it is shown once, keep it now:\n`);
          out(String(minted.token));
        }
      },
    );
  token
    .command('revoke')
    .description('Revoke a token minted through the API; it stops working at once')
    .argument('<name>', 'token name')
    .addHelpText('after', '\nExamples:\n  edgectl token revoke ci-bot')
    .action(async (name: string, _options: unknown, command: Command) => {
      const session = openSession(command);
      await session.api.request('DELETE', `/tokens/${encodeURIComponent(name)}`);
      out(`token/${name} revoked`);
    });
  return token;
}

export function versionCommand(): Command {
  return new Command('version')
    .description('The client version and the server it talks to')
    .option('--client', 'only the client version, without asking the server')
    .option('-o, --output <format>', 'json|yaml')
    .addHelpText('after', '\nExamples:\n  edgectl version\n  edgectl version -o json')
    .action(async (options: { client?: boolean; output?: string }, command: Command) => {
      const client = { version: CLIENT_VERSION, node: process.version };
      let server: Record<string, unknown> | undefined;
      if (!options.client) {
        const session = openSession(command);
        const info = await session.api.openApiInfo();
        server = { url: session.api.server, title: info.title, apiVersion: info.version };
      }
      const format = options.output === undefined ? undefined : outputFormat(options.output);
      if (format === 'json' || format === 'yaml') {
        out(serialize({ client, ...(server ? { server } : {}) }, format));
        return;
      }
      out(`Client Version: ${client.version} (node ${client.node})`);
      if (server) {
        out(
          `Server: ${String(server.url)} (${String(server.title)}, management API v${String(server.apiVersion)})`,
        );
      }
    });
}
