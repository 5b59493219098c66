import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asList, serialize, TablePrinter, useColour } from './output';

describe('output', () => {
  it('is stable json and yaml that parse back to the same value', () => {
    const value = asList([{ deviceId: 'd1', labels: { app: 'cam' }, hardware: null }]);
    expect(JSON.parse(serialize(value, 'json'))).toEqual(value);
    expect(parse(serialize(value, 'yaml'))).toEqual(value);
    expect(serialize(value, 'json')).toBe(serialize(structuredClone(value), 'json'));
  });

  it('has no colour off a terminal or with NO_COLOR', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(useColour(tty, {})).toBe(true);
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });

  it('adds a NAMESPACE column for -A, wide columns for -o wide, and keeps the widths for later rows', () => {
    const columns = [
      { header: 'NAME', cell: (o: Record<string, unknown>) => String(o.name) },
      { header: 'EXTRA', cell: () => 'x', wide: true },
    ];
    const printer = new TablePrinter(columns, false, true, false);
    expect(printer.table([{ name: 'a', namespace: 'fleet' }])).toBe('NAMESPACE   NAME\nfleet       a');
    expect(printer.line(['lab', 'b'])).toBe('lab         b');
    const fromEmpty = new TablePrinter(columns, false, false, false);
    expect(fromEmpty.watchLine({ name: 'first' })).toBe('NAME\nfirst');
    expect(fromEmpty.watchLine({ name: 'second' })).toBe('second');
    expect(new TablePrinter(columns, true, false, false).table([{ name: 'a' }])).toBe(
      'NAME   EXTRA\na      x',
    );
    const coloured = new TablePrinter(
      [{ header: 'STATE', cell: () => 'online' }, ...columns],
      false,
      false,
      true,
    );
    expect(coloured.table([{ name: 'a' }]).split('\n')[1]).toBe('\u001b[32monline\u001b[0m   a');
  });
});
