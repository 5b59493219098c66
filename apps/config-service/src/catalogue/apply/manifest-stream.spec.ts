import { DomainError } from '@lib/platform';
import { describe, expect, it } from 'vitest';
import { jsonStream, MAX_DOCUMENTS, parseYamlStream } from './manifest-stream';

/** The HTTP defaults: 1 MiB bodies, 64 levels. */
const parse = (text: string) => parseYamlStream(text, { maxBytes: 1_048_576, maxDepth: 64 });

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
    const sut = parse('a: 1\n---\n# only a comment\n---\nb: 2\n---\n');
    expect(sut).toEqual([
      { index: 0, line: 1, value: { a: 1 } },
      { index: 1, line: 5, value: { b: 2 } },
    ]);
  });

  it('flattens a List into its items', () => {
    const sut = parse('kind: List\napiVersion: v1\nitems:\n- x: 1\n- y: 2\n---\nz: 3\n');
    expect(sut.map((o) => [o.index, o.value])).toEqual([
      [0, { x: 1 }],
      [1, { y: 2 }],
      [2, { z: 3 }],
    ]);
  });

  it('refuses a billion-laughs document quickly', () => {
    const started = Date.now();
    expect(refusal(() => parse(LAUGHS))).toMatch(/document 0.*resource exhaustion/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each(['!!js/function "return 1"', '!foo bar', '!!binary aGk=', '!!set {a}'])(
    'refuses the tag in %s',
    (value) => {
      expect(refusal(() => parse(`ok: 1\n---\nx: ${value}\n`))).toMatch(
        /document 1 \(line 3\).*Unresolved tag/,
      );
    },
  );

  it('names the document and line of a syntax error', () => {
    expect(refusal(() => parse('a: 1\n---\nb: 1\nc: [\n'))).toMatch(
      /^Invalid YAML in document 1 \(line \d+\)/,
    );
  });

  it('refuses duplicate keys', () => {
    expect(refusal(() => parse('a: 1\na: 2\n'))).toMatch(/document 0 \(line 2\).*unique/);
  });

  it(`refuses more than ${MAX_DOCUMENTS} documents`, () => {
    const text = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => `i: ${i}`).join('\n---\n');
    expect(refusal(() => parse(text))).toMatch(/Too many documents/);
  });

  it('refuses a stream without objects', () => {
    expect(refusal(() => parse('---\n# nothing\n'))).toMatch(/no objects/);
  });

  it('refuses documents nested deeper than the JSON depth limit, in flow or block style', () => {
    expect(refusal(() => parse(`a: ${'['.repeat(65)}${']'.repeat(65)}\n`))).toMatch(
      /document 0 \(line 1\): nests deeper than 64/,
    );
    const block = Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n');
    expect(refusal(() => parse(`---\nok: 1\n---\n${block} 1\n`))).toMatch(
      /document 1 \(line 68\): nests deeper than 64/,
    );
  });

  it('refuses deep flow nesting as it opens, before the parser builds it', () => {
    const started = Date.now();
    expect(refusal(() => parse(`a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`))).toMatch(
      /nests deeper than 64/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a key repeated in its map as a JS object would see it, in a wide map too', () => {
    const wide = Array.from({ length: 5_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(parse(`${wide}\n`)[0].value).toHaveProperty('k4999', 'v');
    expect(refusal(() => parse(`${wide}\nk0: again\n`))).toMatch(/line 5001.*"k0" repeats/);
    expect(refusal(() => parse('1: a\n"1": b\n'))).toMatch(/line 2.*"1" repeats/);
  });

  it.each(['__proto__: {polluted: true}', 'a:\n  constructor:\n    prototype: {polluted: true}'])(
    'refuses a prototype key as JSON bodies do: %s',
    (text) => {
      expect(refusal(() => parse(`${text}\n`))).toMatch(/prototype key is not allowed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses documents whose aliases expand beyond the body limit', () => {
    const text = `a: &a "${'x'.repeat(1000)}"\nb: [${Array.from({ length: 20 }, () => '*a').join(', ')}]\n`;
    expect(() => parseYamlStream(text, { maxBytes: 10_000, maxDepth: 64 })).toThrow(
      expect.objectContaining({
        code: 'BODY_TOO_LARGE',
        message: expect.stringMatching(/expand to more than 10000/),
      }),
    );
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
