import { EnvVars } from '@lib/config';
import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function schemaVariables(): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(EnvVars, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...Object.keys(new EnvVars()), ...validated])].sort();
}

function exampleVariables(): string[] {
  const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => line.split('=')[0])
    .sort();
}

describe('.env.example', () => {
  it('lists exactly the variables the configuration schema reads', () => {
    expect(exampleVariables()).toEqual(schemaVariables());
  });
});
