import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError, UsageError } from './cli-error';
import type { Obj } from './kinds';

/** What `-f` named, as one request body: a file as is, a directory's YAML and JSON files as one YAML stream. */
export interface ManifestSource {
  text: string;
  contentType: string;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function readManifests(path: string): ManifestSource {
  if (path === '-') {
    const text = readFileSync(0, 'utf8');
    return { text, contentType: /^\s*[[{]/.test(text) ? 'application/json' : 'application/yaml' };
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`-f ${path}: no such file or directory`);
  }
  if (!stat.isDirectory()) {
    const text = readFileSync(path, 'utf8');
    return { text, contentType: extname(path) === '.json' ? 'application/json' : 'application/yaml' };
  }
  const files = readdirSync(path)
    .filter((f) => MANIFEST_EXTENSIONS.includes(extname(f)))
    .sort();
  if (files.length === 0) {
    throw new UsageError(`-f ${path}: no .yaml, .yml or .json file in the directory`);
  }
  // JSON is YAML: every file becomes one or more documents of a single stream, so that the server applies them
  // all or nothing and in dependency order, as one file.
  return {
    text: files.map((f) => readFileSync(join(path, f), 'utf8')).join('\n---\n'),
    contentType: 'application/yaml',
  };
}

/** The objects of a manifest stream, `List`s and arrays flattened, as the server reads them. */
export function parseManifests(source: ManifestSource): Obj[] {
  const objects: Obj[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(add);
    } else if (typeof value === 'object' && value !== null) {
      const o = value as Obj;
      if (o.kind === 'List' && Array.isArray(o.items)) {
        o.items.forEach(add);
      } else {
        objects.push(o);
      }
    }
  };
  for (const doc of parseAllDocuments(source.text)) {
    if ('errors' in doc && doc.errors.length > 0) {
      throw new CliError(`manifest: ${doc.errors[0].message}`);
    }
    add(doc.toJS());
  }
  return objects;
}

/** Where each manifest kind lives in the management API, and how `kubectl`-style output names it. */
export const MANIFEST_KINDS: Record<string, { path: string; label: string }> = {
  EdgeWorkload: { path: 'workloads', label: 'edgeworkload' },
  EdgeDeviceSet: { path: 'device-sets', label: 'edgedeviceset' },
  PlaybookExecution: { path: 'playbook-executions', label: 'playbookexecution' },
  Secret: { path: 'secrets', label: 'secret' },
  ConfigMap: { path: 'configmaps', label: 'configmap' },
};

const pick = (source: Obj, keys: string[]): Obj =>
  Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));

/**
 * The manifest as the API shows the stored object (the server's mapping of apply), so that `diff` compares like
 * with like. Secrets compare by type and keys: values are never read back.
 */
export function desiredView(m: Obj): Obj {
  const metadata = (m.metadata ?? {}) as Obj;
  const spec = (m.spec ?? {}) as Obj;
  switch (m.kind) {
    case 'EdgeWorkload':
      return { ...spec, ...pick(metadata, ['labels', 'annotations']) };
    case 'EdgeDeviceSet': {
      const s3 = ((spec.storage as Obj | undefined)?.s3 ?? undefined) as Obj | undefined;
      if (!s3 || !('createOBC' in s3)) {
        return spec;
      }
      const rest = { ...s3 };
      delete rest.createOBC;
      return { ...spec, storage: { ...(spec.storage as Obj), s3: rest } };
    }
    case 'PlaybookExecution': {
      const owners = (Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : []) as Obj[];
      const content = ((spec.playbook ?? {}) as Obj).content;
      return {
        device: owners.find((o) => o.kind === 'EdgeDevice')?.name,
        playbook: {
          content: typeof content === 'string' ? Buffer.from(content, 'base64').toString('utf8') : content,
        },
      };
    }
    case 'Secret':
      return {
        type: m.type ?? 'Opaque',
        keys: [...new Set([...Object.keys(m.data ?? {}), ...Object.keys(m.stringData ?? {})])].sort(),
      };
    case 'ConfigMap':
      return { data: m.data ?? {}, ...pick(metadata, ['labels']) };
    default:
      return m;
  }
}

const SERVER_FIELDS = ['namespace', 'name', 'resourceVersion', 'createdAt', 'updatedAt'];

/** A stored object without the fields the server adds. */
export function storedView(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !SERVER_FIELDS.includes(k)));
}
