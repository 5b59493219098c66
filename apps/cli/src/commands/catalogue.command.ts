import { Command } from 'commander';
import { stringify } from 'yaml';
import { CliError, EXIT, UsageError } from '../cli-error';
import { findKind, type Obj } from '../kinds';
import { lineDiff } from '../line-diff';
import { desiredView, MANIFEST_KINDS, parseManifests, readManifests, storedView } from '../manifests';
import { outputFormat, serialize } from '../output';
import { openSession, type Session } from '../session';
import { out } from '../stdout';

const seg = encodeURIComponent;

interface ApplyResult {
  kind: string;
  namespace: string;
  name: string;
  outcome: 'created' | 'updated' | 'unchanged';
  resourceVersion: string;
}

/** kubectl's words: an update is `configured`. */
const OUTCOME_WORDS = { created: 'created', updated: 'configured', unchanged: 'unchanged' } as const;

async function applyStream(
  session: Session,
  file: string,
  namespace: string | undefined,
  dryRun: boolean,
): Promise<ApplyResult[]> {
  const source = readManifests(file);
  const answer = await session.api.request<{ results: ApplyResult[] }>('POST', '/apply', {
    text: source.text,
    contentType: source.contentType,
    query: { namespace, dryRun: dryRun ? 'true' : undefined },
  });
  return answer.results;
}

export function applyCommand(): Command {
  return new Command('apply')
    .description(
      'Create or update objects from Flotta manifests (EdgeWorkload, EdgeDeviceSet, PlaybookExecution, Secret, ConfigMap), all or nothing',
    )
    .requiredOption('-f, --filename <path>', 'a YAML or JSON file, a directory of them, or - for stdin')
    .option(
      '-n, --namespace <ns>',
      'namespace of objects without metadata.namespace (default: the context namespace)',
    )
    .option('--dry-run', 'validate and report what would happen; store nothing')
    .option('-o, --output <format>', 'json|yaml|name (default: one line per object)')
    .addHelpText(
      'after',
      `
Examples:
  edgectl apply -f camera.yaml -n fleet
  edgectl apply -f manifests/ --dry-run
  cat camera.yaml | edgectl apply -f -`,
    )
    .action(
      async (
        options: { filename: string; namespace?: string; dryRun?: boolean; output?: string },
        command: Command,
      ) => {
        const session = openSession(command, options.namespace);
        const format = options.output === undefined ? undefined : outputFormat(options.output);
        const results = await applyStream(
          session,
          options.filename,
          session.namespace,
          Boolean(options.dryRun),
        );
        if (format === 'json' || format === 'yaml') {
          out(serialize({ kind: 'List', items: results }, format));
          return;
        }
        for (const r of results) {
          const label = MANIFEST_KINDS[r.kind]?.label ?? r.kind.toLowerCase();
          out(
            format === 'name'
              ? `${label}/${r.name}`
              : `${label}/${r.name} ${OUTCOME_WORDS[r.outcome]}${options.dryRun ? ' (dry run)' : ''}`,
          );
        }
      },
    );
}

export function diffCommand(): Command {
  return new Command('diff')
    .description(
      'Show what applying the manifests would change, and which devices each workload would target; stores nothing',
    )
    .requiredOption('-f, --filename <path>', 'a YAML or JSON file, a directory of them, or - for stdin')
    .option('-n, --namespace <ns>', 'namespace of objects without metadata.namespace')
    .addHelpText(
      'after',
      `
The server checks the manifests as apply would (a dry run) and says, per object, created, configured or
unchanged; the lines below compare the stored object with the manifest (secret values are never read back:
secrets compare by type and keys, the outcome line says whether a value changed).

Examples:
  edgectl diff -f camera.yaml -n fleet`,
    )
    .action(async (options: { filename: string; namespace?: string }, command: Command) => {
      const session = openSession(command, options.namespace);
      const results = await applyStream(session, options.filename, session.namespace, true);
      const manifests = parseManifests(readManifests(options.filename));
      for (const r of results) {
        const kind = MANIFEST_KINDS[r.kind];
        const manifest = manifests.find(
          (m) => m.kind === r.kind && (m.metadata as Obj | undefined)?.name === r.name,
        );
        out(`${kind.label}/${r.name} (namespace ${r.namespace}): ${OUTCOME_WORDS[r.outcome]}`);
        const base = `/namespaces/${seg(r.namespace)}/${kind.path}/${seg(r.name)}`;
        if (manifest && r.outcome !== 'unchanged') {
          const stored =
            r.outcome === 'created'
              ? undefined
              : await session.api.request<Obj>('GET', base, { allowNotFound: true });
          const before = stored ? stringify(storedView(stored), { sortMapEntries: true, lineWidth: 0 }) : '';
          const after = stringify(desiredView(manifest), { sortMapEntries: true, lineWidth: 0 });
          const changed = lineDiff(before, after);
          out(changed.map((l) => `    ${l}`).join('\n'));
        }
        if (manifest && r.kind === 'EdgeWorkload') {
          const preview = await session.api.request<{ devices: string[] }>('POST', `${base}/preview`, {
            body: desiredView(manifest),
          });
          out(
            `    would target ${preview.devices.length} device(s)${preview.devices.length ? `: ${preview.devices.join(', ')}` : ''}`,
          );
        }
      }
    });
}

export function deleteCommand(): Command {
  return new Command('delete')
    .description(
      'Delete an object: workloads, devicesets, secrets, configmaps, playbookexecutions, autoapprovalrules, recordingpolicies, tokens',
    )
    .argument('<kind>', 'kind of object')
    .argument('<name>', 'its name (for recordingpolicies, the namespace)')
    .option('-n, --namespace <ns>', 'namespace of the object')
    .addHelpText(
      'after',
      `
Examples:
  edgectl delete workload camera -n fleet
  edgectl delete configmap cam-settings -n fleet
  edgectl delete autoapprovalrule lab-pis

Devices are decommissioned, not deleted: edgectl decommission <id>.`,
    )
    .action(async (kindName: string, name: string, options: { namespace?: string }, command: Command) => {
      const kind = findKind(kindName);
      if (!kind.remove || kind.plural === 'devices') {
        throw new UsageError(
          kind.plural === 'devices'
            ? 'devices are decommissioned: edgectl decommission <id> -n <ns>'
            : `${kind.plural} cannot be deleted`,
        );
      }
      const session = openSession(command, options.namespace);
      try {
        await kind.remove(session.api, session.namespace, name);
      } catch (error) {
        if (error instanceof CliError && error.exitCode === EXIT.notFound) {
          throw new CliError(
            `${kind.plural} "${name}" not found: ${error.message}`,
            EXIT.notFound,
            error.server,
          );
        }
        throw error;
      }
      out(`${kind.singular} "${name}" deleted`);
    });
}
