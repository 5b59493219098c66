import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(Buffer.alloc(32, 1));

  it('opens what it sealed', () => {
    expect(sut.open(sut.seal('s3cr3t', 'ns/a'), 'ns/a')).toBe('s3cr3t');
  });

  it('never shows the plaintext, and seals the same value differently each time', () => {
    const a = sut.seal('s3cr3t-value', 'ns/a');
    const b = sut.seal('s3cr3t-value', 'ns/a');

    expect(a).not.toContain('s3cr3t');
    expect(a).not.toContain(Buffer.from('s3cr3t-value').toString('base64'));
    expect(a).not.toBe(b);
  });

  it('gives every sealed value its own IV, across refills of the IV pool', () => {
    const ivs = Array.from({ length: 3000 }, () => sut.seal('x', 'c').split('.')[1]);

    expect(new Set(ivs).size).toBe(3000);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true);
  });

  it('refuses a value sealed for another context', () => {
    expect(() => sut.open(sut.seal('x', 'ns/a'), 'ns/b')).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const other = new SecretBox(Buffer.alloc(32, 2));

    expect(() => sut.open(other.seal('x', 'ns/a'), 'ns/a')).toThrow();
  });

  it('refuses a tampered value', () => {
    const parts = sut.seal('abcdef', 'c').split('.');
    parts[3] = Buffer.from('zzzzzz').toString('base64');

    expect(() => sut.open(parts.join('.'), 'c')).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow();
  });
});
