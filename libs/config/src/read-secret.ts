import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { EnvVars } from './env.schema';
import { InvalidConfigError } from './invalid-config.error';

/** Where the read port's shared secret comes from: the variable itself, or a file (read at boot). */
export interface ReadSecretSource {
  value?: string;
  file?: string;
}

const MIN_SECRET_CHARS = 32;

/** Loopback only: 127.0.0.0/8, ::1 and `localhost`. Anything else (0.0.0.0 included) is reachable from outside. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') {
    return true;
  }
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * The read port answers configurations with their secrets opened: a config service that binds it beyond loopback,
 * or a gateway that reads it from another host, must hold the shared secret.
 */
export function readSecretProblems(app: string, env: EnvVars): string[] {
  const set = [env.CONFIG_SERVICE_READ_SECRET, env.CONFIG_SERVICE_READ_SECRET_FILE].filter(Boolean).length;
  if (set === 2) {
    return [
      'CONFIG_SERVICE_READ_SECRET_FILE: set CONFIG_SERVICE_READ_SECRET or CONFIG_SERVICE_READ_SECRET_FILE, not both',
    ];
  }
  if (set === 1) {
    return [];
  }
  if (app === 'config-service' && !isLoopback(env.CONFIG_SERVICE_TCP_HOST)) {
    return [
      `CONFIG_SERVICE_READ_SECRET=(unset): required (or CONFIG_SERVICE_READ_SECRET_FILE) when CONFIG_SERVICE_TCP_HOST=${env.CONFIG_SERVICE_TCP_HOST} is not loopback`,
    ];
  }
  if (app === 'gateway' && !isLoopback(env.CONFIG_SERVICE_HOST)) {
    return [
      `CONFIG_SERVICE_READ_SECRET=(unset): required (or CONFIG_SERVICE_READ_SECRET_FILE) when CONFIG_SERVICE_HOST=${env.CONFIG_SERVICE_HOST} is not loopback`,
    ];
  }
  return [];
}

/**
 * The secret's bytes, or undefined when none is configured (loopback only). Called once at boot by both ends of
 * the read port; an unreadable or short file stops the boot, naming the variable (never the secret).
 */
export function loadReadSecret(source: ReadSecretSource | undefined): Buffer | undefined {
  if (source?.value) {
    return Buffer.from(source.value, 'utf8');
  }
  if (!source?.file) {
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8').trim();
  } catch (error) {
    throw new InvalidConfigError([
      `CONFIG_SERVICE_READ_SECRET_FILE=${source.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  if (text.length < MIN_SECRET_CHARS) {
    throw new InvalidConfigError([
      `CONFIG_SERVICE_READ_SECRET_FILE=${source.file}: must hold at least ${MIN_SECRET_CHARS} characters`,
    ]);
  }
  return Buffer.from(text, 'utf8');
}
