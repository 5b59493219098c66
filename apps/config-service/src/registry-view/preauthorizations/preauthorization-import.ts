import type { ErrorCode } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { PreauthorizationRowDto } from './preauthorization.dto';

/** Where a row was: its line in a CSV file (from 1), or its index in a JSON array (from 0). */
export interface RowPosition {
  line?: number;
  index?: number;
}

export interface ImportRow extends RowPosition {
  row: PreauthorizationRowDto;
}

export interface ImportProblem extends RowPosition {
  deviceId?: string;
  code: ErrorCode;
  message: string;
}

/** More than this is refused whole: one import is one transaction. */
export const MAX_IMPORT_ROWS = 10_000;

const HEADER = ['deviceid', 'namespace', 'labels', 'expiresat'];

/**
 * `deviceId,namespace,labels[,expiresAt]` per line, labels as `k=v;k2=v2`. A first line that names the columns
 * (`deviceId,namespace,labels`, any case) is a header and skipped; blank lines are skipped. No quoting: none of
 * the fields can hold a comma.
 */
export function parseCsv(text: string): { rows: ImportRow[]; problems: ImportProblem[] } {
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  let first = true;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    if (raw.trim() === '') {
      continue;
    }
    const fields = raw.split(',').map((f) => f.trim());
    const isHeader = first && fields.every((f, n) => f.toLowerCase() === HEADER[n]);
    first = false;
    if (isHeader) {
      continue;
    }
    if (fields.length < 2 || fields.length > 4) {
      problems.push({
        line,
        code: 'VALIDATION_FAILED',
        message: `expected deviceId,namespace,labels[,expiresAt], found ${fields.length} fields`,
      });
      continue;
    }
    const [deviceId, namespace, labelText = '', expiresAt = ''] = fields;
    const labels = parseLabels(labelText);
    if (typeof labels === 'string') {
      problems.push({ line, deviceId, code: 'VALIDATION_FAILED', message: labels });
      continue;
    }
    collect({ deviceId, namespace, labels, ...(expiresAt ? { expiresAt } : {}) }, { line }, rows, problems);
  }
  return { rows, problems };
}

/** A JSON array of PUT bodies, each with its `deviceId`. */
export function parseJson(body: unknown): { rows: ImportRow[]; problems: ImportProblem[] } {
  if (!Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'an import is a JSON array of {deviceId, namespace, labels?}');
  }
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  body.forEach((item: unknown, index) => collect(item, { index }, rows, problems));
  return { rows, problems };
}

/** The same device twice in one import is refused: which of the two was meant is not ours to guess. */
export function duplicates(rows: ImportRow[]): ImportProblem[] {
  const seen = new Map<string, ImportRow>();
  return rows.flatMap((r) => {
    const earlier = seen.get(r.row.deviceId);
    seen.set(r.row.deviceId, earlier ?? r);
    return earlier
      ? [
          {
            ...positionOf(r),
            deviceId: r.row.deviceId,
            code: 'VALIDATION_FAILED' as const,
            message: `device ${r.row.deviceId} is also at ${describePosition(earlier)}`,
          },
        ]
      : [];
  });
}

export const positionOf = ({ line, index }: RowPosition): RowPosition =>
  line === undefined ? { index } : { line };

export const describePosition = ({ line, index }: RowPosition): string =>
  line === undefined ? `index ${index}` : `line ${line}`;

/**
 * Refuses the whole import when any row has a problem, naming each: 403 when every problem is a namespace the
 * caller may not write, 409 when every one is a device already enrolled, 400 otherwise.
 */
export function refuseIf(problems: ImportProblem[], total: number): void {
  if (problems.length === 0) {
    return;
  }
  const sorted = [...problems].sort((a, b) => (a.line ?? a.index ?? 0) - (b.line ?? b.index ?? 0));
  const codes = new Set(sorted.map((p) => p.code));
  const code = codes.size === 1 ? sorted[0].code : 'VALIDATION_FAILED';
  const summary = sorted.map((p) => `${describePosition(p)}: ${p.message}`).join('; ');
  throw new DomainError(code, `${sorted.length} of ${total} rows refused, nothing imported: ${summary}`, {
    errors: sorted,
  });
}

function collect(item: unknown, position: RowPosition, rows: ImportRow[], problems: ImportProblem[]): void {
  const deviceId =
    typeof item === 'object' && item !== null && typeof (item as { deviceId?: unknown }).deviceId === 'string'
      ? (item as { deviceId: string }).deviceId
      : undefined;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push({ ...position, code: 'VALIDATION_FAILED', message: 'each entry must be an object' });
    return;
  }
  const row = plainToInstance(PreauthorizationRowDto, item);
  // The same rules, and the same refusal of unknown fields, as the global ValidationPipe applies to a PUT.
  const errors = validateSync(row, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    problems.push({ ...position, deviceId, code: 'VALIDATION_FAILED', message: messages(errors) });
    return;
  }
  rows.push({ ...position, row });
}

function messages(errors: ValidationError[]): string {
  return errors
    .flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` }))
    .join('; ');
}

function parseLabels(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const pair of text.split(';').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      return `label "${pair}" is not key=value`;
    }
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return labels;
}
