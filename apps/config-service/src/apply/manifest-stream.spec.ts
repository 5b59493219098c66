import { DomainError } from '@lib/platform';
import { describe, expect, it } from 'vitest';
import { jsonStream, MAX_DOCUMENTS, parseYamlStream } from './manifest-stream';

const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).message;
  }
  throw new Error('expected a refusal');
};

describe(parseYamlStream.name, () => {
  it('reads every document of a stream with its index and line, skipping empty ones', () => {
    const sut = parseYamlStream('a: 1\n---\n# only a comment\n---\nb: 2\n---\n');
    expect(sut).toEqual([
      { index: 0, line: 1, value: { a: 1 } },
      { index: 1, line: 5, value: { b: 2 } },
    ]);
  });

  it('flattens a List into its items', () => {
    const sut = parseYamlStream('kind: List\napiVersion: v1\nitems:\n- x: 1\n- y: 2\n---\nz: 3\n');
    expect(sut.map((o) => [o.index, o.value])).toEqual([
      [0, { x: 1 }],
      [1, { y: 2 }],
      [2, { z: 3 }],
    ]);
  });

  it('refuses a billion-laughs document quickly', () => {
    const started = Date.now();
    expect(refusal(() => parseYamlStream(LAUGHS))).toMatch(/document 0.*resource exhaustion/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each(['!!js/function "return 1"', '!foo bar', '!!binary aGk=', '!!set {a}'])(
    'refuses the tag in %s',
    (value) => {
      expect(refusal(() => parseYamlStream(`ok: 1\n---\nx: ${value}\n`))).toMatch(
        /document 1 \(line 3\).*Unresolved tag/,
      );
    },
  );

  it('names the document and line of a syntax error', () => {
    expect(refusal(() => parseYamlStream('a: 1\n---\nb: 1\nc: [\n'))).toMatch(
      /^Invalid YAML in document 1 \(line \d+\)/,
    );
  });

  it('refuses duplicate keys', () => {
    expect(refusal(() => parseYamlStream('a: 1\na: 2\n'))).toMatch(/document 0 \(line 2\).*unique/);
  });

  it(`refuses more than ${MAX_DOCUMENTS} documents`, () => {
    const text = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => `i: ${i}`).join('\n---\n');
    expect(refusal(() => parseYamlStream(text))).toMatch(/Too many documents/);
  });

  it('refuses a stream without objects', () => {
    expect(refusal(() => parseYamlStream('---\n# nothing\n'))).toMatch(/no objects/);
  });
});

describe(jsonStream.name, () => {
  it('takes one object, an array, or a List', () => {
    expect(jsonStream({ a: 1 })).toEqual([{ index: 0, value: { a: 1 } }]);
    expect(jsonStream([{ a: 1 }, { b: 2 }]).map((o) => o.value)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(jsonStream({ kind: 'List', items: [{ a: 1 }] }).map((o) => o.value)).toEqual([{ a: 1 }]);
  });

  it('refuses a List without items', () => {
    expect(refusal(() => jsonStream({ kind: 'List' }))).toMatch(/items array/);
  });
});
