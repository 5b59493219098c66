import { stringify } from 'yaml';
import { UsageError } from './cli-error';
import type { Obj } from './kinds';
import { type Column, columnWidths, formatRow, text } from './table';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(value: string | undefined, fallback: OutputFormat = 'table'): OutputFormat {
  const format = (value ?? fallback) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new UsageError(`-o ${value}: one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  return format;
}

/** Colour only on a terminal, and never with NO_COLOR (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const COLOURS: Record<string, number> = {
  online: 32,
  registered: 32,
  approved: 32,
  succeeded: 32,
  late: 33,
  pending: 33,
  offline: 31,
  rejected: 31,
  decommissioned: 90,
  denied: 31,
  failed: 31,
};

/** A padded cell coloured by its word (states, presence, outcomes), when colour is on. */
function paint(padded: string, colour: boolean): string {
  const code = COLOURS[padded.trim()];
  return colour && code ? padded.replace(padded.trim(), `\u001b[${code}m${padded.trim()}\u001b[0m`) : padded;
}

/** Stable machine output: one object as is, several as `{kind: List, items}`. */
export function serialize(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

export const asList = (items: Obj[]): Obj => ({ kind: 'List', items });

/** Draws rows of a kind: headers, widths and, with `namespaceColumn`, a NAMESPACE column first (`-A`). */
export class TablePrinter {
  private widths: number[] = [];
  private readonly columns: Column<Obj>[];

  constructor(
    columns: Column<Obj>[],
    wide: boolean,
    namespaceColumn: boolean,
    private readonly colour = useColour(),
  ) {
    const visible = columns.filter((c) => wide || !c.wide);
    this.columns =
      namespaceColumn && !visible.some((c) => c.header === 'NAMESPACE')
        ? [{ header: 'NAMESPACE', cell: (o) => text(o.namespace ?? '') }, ...visible]
        : visible;
  }

  rows(items: Obj[], now = Date.now()): string[][] {
    return items.map((o) => this.columns.map((c) => c.cell(o, now)));
  }

  /** The header and rows; the widths are kept for the rows a watch prints later. */
  table(items: Obj[], now = Date.now()): string {
    const headers = this.columns.map((c) => c.header);
    const rows = this.rows(items, now);
    this.widths = columnWidths([headers, ...rows]);
    return [formatRow(headers, this.widths), ...rows.map((r) => this.line(r))].join('\n');
  }

  /** A row printed by a watch; the header first when the list it started from was empty, as kubectl does. */
  watchLine(item: Obj, now = Date.now()): string {
    if (this.widths.length > 0) {
      return this.line(this.rows([item], now)[0]);
    }
    return this.table([item], now);
  }

  line(row: string[]): string {
    this.widths = columnWidths([this.widths.map((w) => ''.padEnd(w)), row]);
    if (!this.colour) {
      return formatRow(row, this.widths);
    }
    const last = row.length - 1;
    return row.map((cell, i) => paint(i === last ? cell : cell.padEnd(this.widths[i]), true)).join('   ');
  }
}
