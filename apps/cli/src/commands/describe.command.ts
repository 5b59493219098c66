import { Command } from 'commander';
import { CliError, EXIT, UsageError } from '../cli-error';
import type { Obj } from '../kinds';
import { openSession } from '../session';
import { out } from '../stdout';
import { formatAge, formatTable, orNone, text } from '../table';

const seg = encodeURIComponent;

export function describeCommand(): Command {
  return new Command('describe')
    .description(
      'Show a device in detail: state, presence, decision, labels, hardware, workloads, config versions, events',
    )
    .argument('<kind>', 'device')
    .argument('<id>', 'device ID')
    .option('-n, --namespace <ns>', 'namespace of the device')
    .option('--events <n>', 'how many of the last events to show', '10')
    .addHelpText(
      'after',
      `
Examples:
  edgectl describe device rpi-0042 -n fleet`,
    )
    .action(
      async (kind: string, id: string, options: { namespace?: string; events: string }, command: Command) => {
        if (!['device', 'devices', 'dev'].includes(kind.toLowerCase())) {
          throw new UsageError(
            `describe shows devices; "${kind}" is not one (try edgectl get ${kind} <name> -o yaml)`,
          );
        }
        const session = openSession(command, options.namespace);
        const base = `/namespaces/${seg(session.namespace)}/devices/${seg(id)}`;
        const device = await session.api.request<Obj>('GET', base, { allowNotFound: true });
        if (!device) {
          throw new CliError(`device "${id}" not found in namespace ${session.namespace}`, EXIT.notFound);
        }
        const rendered = await session.api.request<{ configuration: Obj | null }>(
          'GET',
          `${base}/configuration`,
          { allowNotFound: true },
        );
        const configuration = rendered?.configuration ?? undefined;
        const events = await session.api.list<Obj>(`${base}/events`, {}, Number(options.events) || 10);
        out(describeDevice(device, configuration, events));
      },
    );
}

/** The device as kubectl describe lays things out: `Field:  value`, sections indented below. */
export function describeDevice(
  d: Obj,
  configuration: Obj | undefined,
  events: Obj[],
  now = Date.now(),
): string {
  const when = (t: unknown): string => (t ? `${text(t)} (${formatAge(t as string, now)} ago)` : '<none>');
  const labels = Object.entries((d.labels ?? {}) as Record<string, string>).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const lines: [string, string][] = [
    ['Name', String(d.deviceId)],
    ['Namespace', String(d.namespace)],
    ['Requested Namespace', orNone(d.requestedNamespace)],
    ['State', String(d.state)],
    [
      'Presence',
      `${orNone(d.presence)}${d.lastSeenAt ? ` (last seen ${formatAge(d.lastSeenAt as string, now)} ago)` : ''}`,
    ],
    ['Status', orNone(d.status)],
    ['Decision', decision(d, now)],
    ['Enrolled', when(d.enrolledAt)],
    ['Registered', when(d.registeredAt)],
  ];
  if (d.decommissionedAt) {
    lines.push(['Decommissioned', when(d.decommissionedAt)]);
  }
  const width = Math.max(...lines.map(([k]) => k.length), 'Labels'.length) + 2;
  const field = (k: string, v: string): string => `${`${k}:`.padEnd(width)}${v}`;
  const body = lines.map(([k, v]) => field(k, v));
  body.push(field('Labels', labels.length ? `${labels[0][0]}=${labels[0][1]}` : '<none>'));
  for (const [k, v] of labels.slice(1)) {
    body.push(`${''.padEnd(width)}${k}=${v}`);
  }
  body.push(field('Hardware', hardware(d.hardware as Obj | null)));
  const inSync = d.configInSync ? 'in sync' : 'not in sync';
  body.push(
    field(
      'Config Version',
      `desired ${orNone(d.desiredConfigVersion)}, reported ${orNone(d.reportedConfigVersion)} (${inSync})`,
    ),
  );
  body.push('Workloads:');
  const rows = workloadRows(configuration, (d.workloads ?? []) as Obj[]);
  body.push(
    ...(rows.length ? indent(formatTable(['NAME', 'STATUS', 'LAST-DATA-UPLOAD'], rows)) : ['  <none>']),
  );
  body.push('Events:');
  const eventRows = events.map((e) => [
    formatAge(e.receivedAt as string, now),
    orNone(e.type),
    orNone(e.reason),
    orNone(e.message),
  ]);
  body.push(
    ...(eventRows.length
      ? indent(formatTable(['AGE', 'TYPE', 'REASON', 'MESSAGE'], eventRows))
      : ['  <none>']),
  );
  return body.join('\n');
}

const indent = (block: string): string[] => block.split('\n').map((l) => `  ${l}`);

function decision(d: Obj, now: number): string {
  if (!d.decidedAt) {
    return '<none>';
  }
  const verb = d.state === 'rejected' ? 'rejected' : 'approved';
  const why = d.decisionReason ? `: ${text(d.decisionReason)}` : '';
  return `${verb} by ${orNone(d.decidedBy)} ${formatAge(d.decidedAt as string, now)} ago${why}`;
}

/** One line out of the registration's hardware profile: model, CPU, host name. */
export function hardware(h: Obj | null | undefined): string {
  if (!h) {
    return '<none>';
  }
  const vendor = (h.system_vendor ?? {}) as Obj;
  const cpu = (h.cpu ?? {}) as Obj;
  const parts = [
    [vendor.product_name, vendor.manufacturer ? `(${text(vendor.manufacturer)})` : undefined]
      .filter(Boolean)
      .join(' '),
    [cpu.architecture, cpu.model_name, cpu.count ? `x${text(cpu.count)}` : undefined]
      .filter(Boolean)
      .join(' '),
    h.hostname ? `host ${text(h.hostname)}` : '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join(', ') : '<none>';
}

/** The workloads rendered for the device, with what its heartbeats report of each (and any it reports alone). */
function workloadRows(configuration: Obj | undefined, reported: Obj[]): string[][] {
  const served = ((configuration?.workloads ?? []) as Obj[]).map((w) => String(w.name));
  const byName = new Map(reported.map((w) => [String(w.name), w]));
  const names = [...new Set([...served, ...byName.keys()])];
  return names.map((n) => {
    const r = byName.get(n);
    return [n, r ? orNone(r.status) : '<not reported>', orNone(r?.last_data_upload)];
  });
}
