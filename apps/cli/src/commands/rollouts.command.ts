import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../cli-error';
import type { Obj } from '../kinds';
import { asList, outputFormat, serialize, TablePrinter } from '../output';
import { openSession, type Session } from '../session';
import { out } from '../stdout';
import type { Column } from '../table';

interface Batch {
  devices: number;
  updated: number;
  succeeded: number;
  failed: number;
  pending: number;
}

const batchesOf = (o: Obj): Batch[] => (o.batches as Batch[] | undefined) ?? [];
const sum = (o: Obj, key: keyof Batch): number => batchesOf(o).reduce((n, b) => n + b[key], 0);

const rolloutColumns: Column<Obj>[] = [
  { header: 'ID', cell: (o) => String(o.id) },
  { header: 'STATE', cell: (o) => String(o.state) },
  {
    header: 'CHANGE',
    cell: (o) => {
      const c = o.change as { kind: string; name: string; action: string };
      return `${c.action} ${c.kind}/${c.name}`;
    },
  },
  { header: 'BATCH', cell: (o) => `${Number(o.currentBatch) + 1}/${batchesOf(o).length}` },
  { header: 'DEVICES', cell: (o) => String(sum(o, 'devices')) },
  { header: 'SUCCEEDED', cell: (o) => String(sum(o, 'succeeded')) },
  { header: 'FAILED', cell: (o) => String(sum(o, 'failed')) },
  { header: 'CREATED', cell: (o) => String(o.createdAt), wide: true },
];

const path = (session: Session, rest = '') => `/namespaces/${encodeURIComponent(session.namespace)}${rest}`;

function print(value: Obj | Obj[], format: ReturnType<typeof outputFormat>): void {
  const items = Array.isArray(value) ? value : [value];
  if (format === 'json' || format === 'yaml') {
    out(serialize(Array.isArray(value) ? asList(value) : value, format));
  } else if (format === 'name') {
    items.forEach((o) => out(`rollout/${String(o.id)}`));
  } else if (items.length === 0) {
    process.stderr.write('No rollouts found.\n');
  } else {
    out(new TablePrinter(rolloutColumns, format === 'wide', false).table(items));
  }
}

/** The batches of one rollout, and why it paused. */
function describeRollout(o: Obj): void {
  out(new TablePrinter(rolloutColumns, true, false).table([o]));
  out('');
  out(
    new TablePrinter(
      ['BATCH', 'DEVICES', 'UPDATED', 'SUCCEEDED', 'FAILED', 'PENDING'].map((header, i) => ({
        header,
        cell: (b: Obj) =>
          String(
            i === 0
              ? Number(b.index) + 1
              : b[['', 'devices', 'updated', 'succeeded', 'failed', 'pending'][i]],
          ),
      })),
      false,
      false,
    ).table(batchesOf(o) as unknown as Obj[]),
  );
  const failed = (o.reason as { failed?: { deviceId: string; reason: string }[] } | null)?.failed ?? [];
  failed.forEach((f) => out(`failed: ${f.deviceId}: ${f.reason}`));
}

export function rolloutsCommand(): Command {
  const rollouts = new Command('rollouts').alias('rollout').description('Staged rollouts of a namespace');
  rollouts
    .command('list')
    .description('Rollouts, newest first')
    .option('-n, --namespace <ns>', 'the namespace')
    .option('-o, --output <format>', 'table|wide|json|yaml|name')
    .action(async (options: { namespace?: string; output?: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      print(await session.api.list<Obj>(path(session, '/rollouts')), outputFormat(options.output));
    });
  rollouts
    .command('get')
    .description('A rollout with its batches and why it paused')
    .argument('<id>', 'rollout ID')
    .option('-n, --namespace <ns>', 'the namespace')
    .option('-o, --output <format>', 'table|json|yaml')
    .action(async (id: string, options: { namespace?: string; output?: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      const rollout = await session.api.request<Obj>(
        'GET',
        path(session, `/rollouts/${encodeURIComponent(id)}`),
      );
      const format = outputFormat(options.output);
      if (format === 'json' || format === 'yaml') {
        print(rollout, format);
      } else {
        describeRollout(rollout);
      }
    });
  for (const [action, what] of [
    ['approve', 'start the batch waiting for an approval'],
    ['pause', 'start no further batch'],
    ['resume', 'go on (a batch paused for failures passes as it is)'],
    ['abort', 'give the devices of started batches their previous content back, as a new version'],
  ]) {
    rollouts
      .command(action)
      .description(`${action[0].toUpperCase()}${action.slice(1)} a rollout: ${what}`)
      .argument('<id>', 'rollout ID')
      .option('-n, --namespace <ns>', 'the namespace')
      .action(async (id: string, options: { namespace?: string }, command: Command) => {
        const session = openSession(command, options.namespace);
        const rollout = await session.api.request<Obj>(
          'POST',
          path(session, `/rollouts/${encodeURIComponent(id)}/${action}`),
        );
        out(`rollout/${id} ${String(rollout.state)}`);
      });
  }
  rollouts.addHelpText(
    'after',
    `
Examples:
  edgectl rollouts list -n fleet
  edgectl rollouts get 7d0c… -n fleet
  edgectl rollouts approve 7d0c… -n fleet`,
  );
  return rollouts;
}

export function rolloutPolicyCommand(): Command {
  const policy = new Command('rollout-policy').description("A namespace's staged-rollout policy");
  policy
    .command('get')
    .option('-n, --namespace <ns>', 'the namespace')
    .option('-o, --output <format>', 'json|yaml', 'yaml')
    .action(async (options: { namespace?: string; output: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      const format = outputFormat(options.output);
      const found = await session.api.request<Obj>('GET', path(session, '/rollout-policy'));
      out(serialize(found, format === 'json' ? 'json' : 'yaml'));
    });
  policy
    .command('set')
    .description('Create or replace the policy from a YAML or JSON file')
    .requiredOption('-f, --filename <path>', 'the policy: {batches: [{selector?, limit, approval?}], ...}')
    .option('-n, --namespace <ns>', 'the namespace')
    .action(async (options: { namespace?: string; filename: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      let body: unknown;
      try {
        body = parse(readFileSync(options.filename === '-' ? 0 : options.filename, 'utf8'));
      } catch (e) {
        throw new UsageError(`-f ${options.filename}: ${e instanceof Error ? e.message : String(e)}`);
      }
      await session.api.request('PUT', path(session, '/rollout-policy'), { body });
      out(`rollout-policy/${session.namespace} set`);
    });
  policy
    .command('delete')
    .option('-n, --namespace <ns>', 'the namespace')
    .action(async (options: { namespace?: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      await session.api.request('DELETE', path(session, '/rollout-policy'));
      out(`rollout-policy/${session.namespace} deleted`);
    });
  policy.addHelpText(
    'after',
    `
Examples:
  edgectl rollout-policy set -f policy.yaml -n fleet
  edgectl rollout-policy get -n fleet -o json`,
  );
  return policy;
}
