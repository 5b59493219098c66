import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError, UsageError } from './cli-error';

/** A server and the credentials to reach it, under a name (kubectl's context). */
export interface Context {
  name: string;
  server: string;
  token?: string;
  namespace?: string;
}

export interface EdgectlConfig {
  currentContext?: string;
  contexts: Context[];
}

/** `EDGECTL_CONFIG`, else `$XDG_CONFIG_HOME/edgectl/config.yaml`, else `~/.config/edgectl/config.yaml`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EDGECTL_CONFIG) {
    return env.EDGECTL_CONFIG;
  }
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'edgectl', 'config.yaml');
}

/** The file holds tokens: it is written for its owner only (0600, directory 0700). */
export class ContextsStore {
  constructor(readonly path = configPath()) {}

  read(): EdgectlConfig {
    if (!existsSync(this.path)) {
      return { contexts: [] };
    }
    let doc: unknown;
    try {
      doc = parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new CliError(`${this.path}: not readable YAML (${(error as Error).message})`);
    }
    const d = (doc ?? {}) as { 'current-context'?: string; contexts?: Context[] };
    return { currentContext: d['current-context'], contexts: Array.isArray(d.contexts) ? d.contexts : [] };
  }

  write(config: EdgectlConfig): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const doc = { 'current-context': config.currentContext, contexts: config.contexts };
    writeFileSync(this.path, stringify(doc), { mode: 0o600 });
    // writeFileSync keeps the mode of a file that already existed.
    chmodSync(this.path, 0o600);
  }

  /** Adds or replaces a context and makes it the current one. */
  save(context: Context): void {
    const config = this.read();
    config.contexts = [...config.contexts.filter((c) => c.name !== context.name), context];
    config.currentContext = context.name;
    this.write(config);
  }

  use(name: string): void {
    const config = this.read();
    if (!config.contexts.some((c) => c.name === name)) {
      throw new CliError(`no context named "${name}" in ${this.path}`, 3);
    }
    this.write({ ...config, currentContext: name });
  }

  /** The named context, else the current one; undefined when there is none. */
  resolve(name?: string): Context | undefined {
    const config = this.read();
    const wanted = name ?? config.currentContext;
    if (wanted === undefined) {
      return undefined;
    }
    const found = config.contexts.find((c) => c.name === wanted);
    if (!found && name !== undefined) {
      throw new UsageError(`no context named "${name}" in ${this.path}`);
    }
    return found;
  }
}
