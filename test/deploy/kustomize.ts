import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, as `kubectl kustomize` prints it. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

/** The fields this renderer implements; any other is refused rather than silently left out. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'labels', 'images']);

interface PodSpec {
  containers?: { image?: string }[];
  initContainers?: { image?: string }[];
}

function podSpecOf(object: RenderedObject): PodSpec | undefined {
  const spec = object.spec as
    { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** `name[:tag][@digest]` → the name kustomize's `images` entries match, and the tag. */
function splitImage(image: string): { name: string; tag?: string } {
  const [, name, tag] = /^(.*?)(?::([^/:@]+))?(?:@.*)?$/.exec(image)!;
  return { name, tag };
}

/**
 * Renders a kustomization as `kubectl kustomize` would, for the fields k8s/ uses: `resources` (files, in order),
 * `labels` (added to every object's metadata; selectors and templates only when asked), `images`.
 * Debian's kubernetes-client (1.20) bundles a kustomize that predates `labels`, hence this.
 */
export function renderKustomization(dir: string): RenderedObject[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((field) => !SUPPORTED.has(field));
  if (unsupported.length > 0) {
    throw new Error(
      `${dir}/kustomization.yaml: the test renderer does not implement ${unsupported.join(', ')}`,
    );
  }
  const objects = (kustomization.resources ?? []).flatMap((resource) =>
    parseAllDocuments(readFileSync(join(dir, resource), 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(`${resource}: ${doc.errors.map((e) => e.message).join('; ')}`);
      }
      const object = doc.toJS() as RenderedObject | null;
      return object ? [object] : [];
    }),
  );
  for (const { pairs, includeSelectors, includeTemplates } of kustomization.labels ?? []) {
    if (includeSelectors || includeTemplates) {
      throw new Error(`${dir}: labels into selectors or templates are not implemented by the test renderer`);
    }
    for (const object of objects) {
      object.metadata.labels = { ...object.metadata.labels, ...pairs };
    }
  }
  for (const image of kustomization.images ?? []) {
    for (const object of objects) {
      const pod = podSpecOf(object);
      for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
        const current = container.image === undefined ? undefined : splitImage(container.image);
        if (current?.name === image.name) {
          const name = image.newName ?? image.name;
          const tag = image.newTag ?? current.tag;
          container.image = image.digest ? `${name}@${image.digest}` : tag ? `${name}:${tag}` : name;
        }
      }
    }
  }
  return objects;
}
