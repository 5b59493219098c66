import { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { parseLabelChanges, parseLabels } from '../args';
import { CliError, describeError, EXIT, UsageError } from '../cli-error';
import { openSession } from '../session';
import { out } from '../stdout';

const seg = encodeURIComponent;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function approveCommand(): Command {
  return new Command('approve')
    .description('Approve pending enrolments; the registry applies it within moments')
    .argument('<id...>', 'device IDs')
    .option('--namespace <ns>', 'place the devices in this namespace (default: the one each asked for)')
    .option('--label <k=v>', 'a label to give the devices (repeatable)', collect)
    .addHelpText(
      'after',
      `
Examples:
  edgectl approve rpi-0042
  edgectl approve rpi-0042 rpi-0043 --namespace fleet --label site=lab --label app=camera`,
    )
    .action(async (ids: string[], options: { namespace?: string; label?: string[] }, command: Command) => {
      const labels = options.label ? parseLabels(options.label) : undefined;
      const session = openSession(command);
      await eachDevice(ids, async (id) => {
        const result = await session.api.request<{ queued?: boolean; namespace?: string }>(
          'POST',
          `/enrolments/${seg(id)}/approve`,
          { body: { namespace: options.namespace, labels } },
        );
        out(
          `enrolment/${id} ${result.queued === false ? 'already approved' : 'approved'} (namespace ${result.namespace ?? '?'})`,
        );
      });
    });
}

export function rejectCommand(): Command {
  return new Command('reject')
    .description('Reject a pending enrolment')
    .argument('<id>', 'device ID')
    .requiredOption('--reason <reason>', 'why, recorded with the decision')
    .addHelpText(
      'after',
      `
Examples:
  edgectl reject rpi-9999 --reason "unknown serial number"`,
    )
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const session = openSession(command);
      const result = await session.api.request<{ queued?: boolean }>(
        'POST',
        `/enrolments/${seg(id)}/reject`,
        {
          body: { reason: options.reason },
        },
      );
      out(`enrolment/${id} ${result.queued === false ? 'already rejected' : 'rejected'}`);
    });
}

export function labelCommand(): Command {
  return new Command('label')
    .description('Set (k=v) or remove (k-) labels of a device')
    .argument('<kind>', 'device')
    .argument('<id>', 'device ID')
    .argument('<changes...>', 'k=v to set, k- to remove')
    .option('-n, --namespace <ns>', 'namespace of the device')
    .addHelpText(
      'after',
      `
Examples:
  edgectl label device rpi-0042 -n fleet app=camera site=lab
  edgectl label device rpi-0042 -n fleet site-`,
    )
    .action(
      async (
        kind: string,
        id: string,
        changes: string[],
        options: { namespace?: string },
        command: Command,
      ) => {
        if (!['device', 'devices', 'dev'].includes(kind.toLowerCase())) {
          throw new UsageError(`only devices are labelled here; "${kind}" is not one`);
        }
        const labels = parseLabelChanges(changes);
        const session = openSession(command, options.namespace);
        await session.api.request('PATCH', `/namespaces/${seg(session.namespace)}/devices/${seg(id)}`, {
          body: { labels },
        });
        out(`device/${id} labeled`);
      },
    );
}

export function decommissionCommand(): Command {
  return new Command('decommission')
    .description('Decommission a device: it is then told it is unregistered and wipes itself')
    .argument('<id>', 'device ID')
    .option('-n, --namespace <ns>', 'namespace of the device')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      `
Examples:
  edgectl decommission rpi-0042 -n fleet
  edgectl decommission rpi-0042 -n fleet --yes`,
    )
    .action(async (id: string, options: { namespace?: string; yes?: boolean }, command: Command) => {
      const session = openSession(command, options.namespace);
      if (!options.yes) {
        await confirm(
          `Decommission device ${id} in namespace ${session.namespace}? It will wipe itself. [y/N] `,
        );
      }
      await session.api.request('DELETE', `/namespaces/${seg(session.namespace)}/devices/${seg(id)}`);
      out(`device/${id} decommissioned`);
    });
}

/** Asks on the terminal; without one, refuses (a script says --yes). */
async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new UsageError('confirmation needed and stdin is not a terminal: pass --yes');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(question);
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new CliError('not confirmed; nothing done', EXIT.error);
  }
}

/** Runs for each ID, reporting each failure, and ends with the first failure's exit code. */
async function eachDevice(ids: string[], run: (id: string) => Promise<void>): Promise<void> {
  let first: CliError | undefined;
  for (const id of ids) {
    try {
      await run(id);
    } catch (error) {
      if (!(error instanceof CliError) || ids.length === 1) {
        throw error;
      }
      process.stderr.write(`${describeError(error).join('\n')}\n`);
      first ??= error;
    }
  }
  if (first) {
    throw new CliError(
      `${ids.length > 1 ? 'some devices were not approved' : first.message}`,
      first.exitCode,
    );
  }
}
