import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package's version: package.json sits four levels above dist/apps/cli/src (three above apps/cli/src). */
function readVersion(): string {
  for (const up of ['../../../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.version) {
        return pkg.version;
      }
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

export const CLIENT_VERSION = readVersion();
