import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { CliError, EXIT, UsageError } from '../cli-error';
import { findKind, type Kind, type ListRequest, type Obj } from '../kinds';
import { asList, outputFormat, type OutputFormat, serialize, TablePrinter } from '../output';
import { allNamespaces, openSession, type Session } from '../session';
import { out } from '../stdout';
import { text } from '../table';

interface GetOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  state?: string;
  presence?: string;
  output?: string;
  watch?: boolean;
  limit?: number;
  watchInterval: number;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`"${value}" is not a positive integer`);
  }
  return n;
};

export function getCommand(): Command {
  return new Command('get')
    .description(
      'Show one object or list a kind: devices (dev), enrolments (enr), workloads (ew), devicesets (eds), devicespecs, ' +
        'secrets, configmaps (cm), playbookexecutions (pe), autoapprovalrules, recordingpolicies, tokens, audit; ' +
        '`get configuration <device>` prints the rendered configuration, secrets masked',
    )
    .argument('<kind>', 'kind of object, plural, singular or short name')
    .argument('[name]', 'one object by name (a device ID for devices and enrolments)')
    .option('-n, --namespace <ns>', 'namespace (default: the context namespace, else "default")')
    .option('-A, --all-namespaces', 'every namespace the caller can see')
    .option('-l, --selector <selector>', 'label selector: a=b,c!=d,e,!f,g in (h,i)')
    .option(
      '--state <state>',
      'devices: pending|approved|registered|rejected|decommissioned; enrolments: pending (default)|approved|rejected|all',
    )
    .option('--presence <presence>', 'devices: online|late|offline')
    .option('-o, --output <format>', 'table|wide|json|yaml|name')
    .option('-w, --watch', 'after the list, print every change as it happens (Ctrl-C stops)')
    .option('--limit <n>', 'at most n objects (lists are otherwise read to the end)', positiveInt)
    .addOption(
      new Option('--watch-interval <ms>', 'how often -w polls')
        .default(1000)
        .argParser(positiveInt)
        .hideHelp(),
    )
    .addHelpText(
      'after',
      `
Examples:
  edgectl get devices -n fleet
  edgectl get dev -A -l site=lab --presence online -o wide
  edgectl get enrolments --state all
  edgectl get enr -w
  edgectl get workload camera -n fleet -o yaml
  edgectl get configuration rpi-0042 -n fleet
  edgectl get audit --limit 20`,
    )
    .action(async (kindName: string, name: string | undefined, options: GetOptions, command: Command) => {
      const open = (): Session => openSession(command, options.namespace);
      if (['configuration', 'configurations', 'config'].includes(kindName.toLowerCase())) {
        return printConfiguration(open(), name, options);
      }
      // The command line is checked before the server is asked anything.
      const kind = findKind(kindName);
      const format = outputFormat(options.output);
      const session = open();
      const namespaces =
        options.allNamespaces && kind.namespaced ? await allNamespaces(session) : [session.namespace];
      const request: ListRequest = {
        namespaces,
        selector: options.selector,
        state: options.state,
        presence: options.presence,
        limit: options.limit,
      };
      const read = async (): Promise<Obj[]> => {
        if (name === undefined) {
          return kind.list(session.api, request);
        }
        const one = await kind.get(session.api, session.namespace, name);
        return one ? [one] : [];
      };
      const printer = new TablePrinter(
        kind.columns,
        format === 'wide',
        Boolean(options.allNamespaces && kind.namespaced),
      );
      const items = await read();
      if (name !== undefined && items.length === 0 && !options.watch) {
        throw new CliError(
          `${kind.plural} "${name}" not found${kind.namespaced ? ` in namespace ${session.namespace}` : ''}`,
          EXIT.notFound,
        );
      }
      print(kind, items, format, printer, name !== undefined, session, options);
      if (options.watch) {
        await watch(kind, items, read, format, printer, options.watchInterval);
      }
    });
}

function print(
  kind: Kind,
  items: Obj[],
  format: OutputFormat,
  printer: TablePrinter,
  single: boolean,
  session: Session,
  options: GetOptions,
): void {
  switch (format) {
    case 'json':
    case 'yaml':
      out(serialize(single ? items[0] : asList(items), format));
      return;
    case 'name':
      items.forEach((o) => out(`${kind.singular}/${kind.nameOf(o)}`));
      return;
    case 'table':
    case 'wide':
      if (items.length === 0) {
        const where = !kind.namespaced || options.allNamespaces ? '' : ` in ${session.namespace} namespace`;
        process.stderr.write(`No resources found${where}.\n`);
        return;
      }
      out(printer.table(items));
  }
}

/** Polls and prints what changed: new and changed objects as rows (or documents), like `kubectl get -w`. */
async function watch(
  kind: Kind,
  initial: Obj[],
  read: () => Promise<Obj[]>,
  format: OutputFormat,
  printer: TablePrinter,
  intervalMs: number,
): Promise<never> {
  const key = (o: Obj): string => `${text(o.namespace ?? '')}/${kind.nameOf(o)}`;
  const seen = new Map(initial.map((o) => [key(o), JSON.stringify(o)]));
  const stop = (): never => process.exit(EXIT.ok);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    for (const o of await read()) {
      const json = JSON.stringify(o);
      if (seen.get(key(o)) === json) {
        continue;
      }
      seen.set(key(o), json);
      if (format === 'json') {
        out(JSON.stringify(o));
      } else if (format === 'yaml') {
        out(`---\n${stringify(o, { lineWidth: 0 })}`);
      } else if (format === 'name') {
        out(`${kind.singular}/${kind.nameOf(o)}`);
      } else {
        out(printer.watchLine(o));
      }
    }
  }
}

async function printConfiguration(
  session: Session,
  device: string | undefined,
  options: GetOptions,
): Promise<void> {
  if (!device) {
    throw new UsageError('get configuration needs a device ID');
  }
  const format = outputFormat(options.output, 'yaml');
  if (format !== 'json' && format !== 'yaml') {
    throw new UsageError('get configuration prints -o yaml (default) or -o json');
  }
  const answer = await session.api.request<{ version: string | null; configuration: Obj | null }>(
    'GET',
    `/namespaces/${encodeURIComponent(session.namespace)}/devices/${encodeURIComponent(device)}/configuration`,
  );
  if (!answer.configuration) {
    throw new CliError(`device "${device}" is served no configuration yet`, EXIT.notFound);
  }
  // The document as the device gets it, with the version it should report once in sync.
  out(serialize({ version: answer.version, ...answer.configuration }, format));
}
