import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseLabels } from '../args';
import { CliError, EXIT, UsageError } from '../cli-error';
import { type Obj, preauthorizations } from '../kinds';
import { asList, outputFormat, serialize, TablePrinter } from '../output';
import { openSession } from '../session';
import { out } from '../stdout';

const seg = encodeURIComponent;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `edgectl preauth list|get|put|delete|import`: devices authorised before their first enrolment. */
export function preauthCommand(): Command {
  const command = new Command('preauth')
    .alias('preauthorization')
    .description(
      'Pre-authorise devices before they enrol: on its first enrolment a pre-authorised device is approved at ' +
        'once, into its namespace with its labels',
    )
    .addHelpText(
      'after',
      `
Examples:
  edgectl preauth put rpi-0042 --namespace fleet --label site=lab --expires-at 2027-01-31T00:00:00Z
  edgectl preauth import shipment-17.csv
  edgectl preauth list
  edgectl preauth get rpi-0042 -o yaml
  edgectl preauth delete rpi-0042`,
    );
  command.addCommand(listCommand());
  command.addCommand(getCommand());
  command.addCommand(putCommand());
  command.addCommand(deleteCommand());
  command.addCommand(importCommand());
  return command;
}

function listCommand(): Command {
  return new Command('list')
    .alias('ls')
    .description('List pre-authorisations with their state (active, used, expired)')
    .option('--state <state>', 'only this state: active|used|expired')
    .option('-o, --output <format>', 'table|wide|json|yaml|name')
    .action(async (options: { state?: string; output?: string }, cmd: Command) => {
      const format = outputFormat(options.output);
      const session = openSession(cmd);
      const items = await preauthorizations.list(session.api, { namespaces: [], state: options.state });
      print(items, format, false);
    });
}

function getCommand(): Command {
  return new Command('get')
    .description('Show one pre-authorisation')
    .argument('<id>', 'device ID')
    .option('-o, --output <format>', 'table|wide|json|yaml|name')
    .action(async (id: string, options: { output?: string }, cmd: Command) => {
      const format = outputFormat(options.output);
      const session = openSession(cmd);
      const one = await preauthorizations.get(session.api, session.namespace, id);
      if (!one) {
        throw new CliError(`preauthorization "${id}" not found`, EXIT.notFound);
      }
      print([one], format, true);
    });
}

function putCommand(): Command {
  return new Command('put')
    .description('Create or replace the pre-authorisation of a device (refused once the device has enrolled)')
    .argument('<id>', 'device ID')
    .requiredOption('--namespace <ns>', 'namespace the device is approved into')
    .option('--label <k=v>', 'a label to give the device (repeatable)', collect)
    .option('--expires-at <time>', 'ISO-8601: an enrolment after it waits for an operator instead')
    .action(
      async (
        id: string,
        options: { namespace: string; label?: string[]; expiresAt?: string },
        cmd: Command,
      ) => {
        const labels = options.label ? parseLabels(options.label) : undefined;
        const session = openSession(cmd);
        const before = await preauthorizations.get(session.api, session.namespace, id);
        await session.api.request('PUT', `/preauthorizations/${seg(id)}`, {
          body: { namespace: options.namespace, labels, expiresAt: options.expiresAt },
        });
        out(`preauthorization/${id} ${before ? 'replaced' : 'created'}`);
      },
    );
}

function deleteCommand(): Command {
  return new Command('delete')
    .description('Delete a pre-authorisation')
    .argument('<id...>', 'device IDs')
    .action(async (ids: string[], _options: unknown, cmd: Command) => {
      const session = openSession(cmd);
      for (const id of ids) {
        await preauthorizations.remove?.(session.api, session.namespace, id);
        out(`preauthorization/${id} deleted`);
      }
    });
}

function importCommand(): Command {
  return new Command('import')
    .description(
      'Import pre-authorisations from a file, all or nothing: CSV (deviceId,namespace,labels[,expiresAt], labels ' +
        'as k=v;k2=v2, an optional header line) or a JSON array, told apart by the extension or the content',
    )
    .argument('<file>', 'a .csv or .json file; - reads stdin')
    .action(async (file: string, _options: unknown, cmd: Command) => {
      const content = readFileSync(file === '-' ? 0 : file, 'utf8');
      if (content.trim() === '') {
        throw new UsageError(`${file} holds no rows`);
      }
      const session = openSession(cmd);
      const result = await session.api.request<{ created: number; replaced: number }>(
        'POST',
        '/preauthorizations/import',
        { text: content, contentType: isJson(file, content) ? 'application/json' : 'text/csv' },
      );
      out(`${result.created} created, ${result.replaced} replaced`);
    });
}

/** `.json` or `.csv` decide; otherwise JSON when the content starts as an array. */
function isJson(file: string, content: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    return true;
  }
  if (ext === '.csv') {
    return false;
  }
  return content.trimStart().startsWith('[');
}

function print(items: Obj[], format: ReturnType<typeof outputFormat>, single: boolean): void {
  switch (format) {
    case 'json':
    case 'yaml':
      out(serialize(single ? items[0] : asList(items), format));
      return;
    case 'name':
      items.forEach((o) => out(`preauthorization/${preauthorizations.nameOf(o)}`));
      return;
    case 'table':
    case 'wide':
      if (items.length === 0) {
        process.stderr.write('No resources found.\n');
        return;
      }
      out(new TablePrinter(preauthorizations.columns, format === 'wide', false).table(items));
  }
}
