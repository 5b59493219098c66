import * as models from 'kubernetes-models';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RenderedObject, renderKustomization } from './kustomize';
import { ROOT } from './manifests';

type Model = new (data: object) => { validate(): void };

/** The kubernetes-models class of an object: `networking.k8s.io/v1` NetworkPolicy → networkingK8sIo.v1.NetworkPolicy. */
function modelOf({ apiVersion, kind }: RenderedObject): Model {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const key = group === '' ? version : group.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase());
  const versions = (models as unknown as Record<string, Record<string, Record<string, Model> | undefined>>)[
    key
  ];
  const model = key === version ? versions?.[kind] : versions?.[version]?.[kind];
  if (typeof model !== 'function') {
    throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
  }
  return model;
}

function problems(objects: RenderedObject[]): string[] {
  return objects.flatMap((object) => {
    try {
      new (modelOf(object))(object).validate();
      return [];
    } catch (error) {
      return [`${object.kind} ${object.metadata.name}: ${(error as Error).message}`];
    }
  });
}

describe('k8s/base rendered with kustomize', () => {
  const rendered = (): RenderedObject[] => renderKustomization(join(ROOT, 'k8s/base'));

  it('renders every listed object with the kustomization labels and image tag', () => {
    const objects = rendered();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'ConfigMap/flotta-edge-config',
        'Job/flotta-edge-setup',
        'Deployment/flotta-edge-gateway',
        'Service/flotta-edge-config-service',
        'NetworkPolicy/flotta-edge-config-service-reads',
      ]),
    );
    for (const object of objects) {
      expect(object.metadata.labels?.['app.kubernetes.io/part-of'], object.metadata.name).toBe('flotta');
    }
    const images = objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .flatMap(
        (o) =>
          (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers,
      )
      .map((c) => c.image);
    expect(new Set(images)).toEqual(new Set(['flotta-edge-config-api:0.1.0']));
  });

  it('holds every rendered object to its Kubernetes schema', () => {
    expect(problems(rendered())).toEqual([]);
  });

  it('is checked by schemas that refuse what the API server refuses', () => {
    const objects = rendered();
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const pod = (deployment.spec as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec;
    pod.containers[0].ports = [{ name: 'http', containerPort: '8080x' }];
    const job = objects.find((o) => o.kind === 'Job')!;
    (job.spec as Record<string, unknown>).backoffLimit = 'four';
    expect(problems([deployment, job])).toEqual([
      expect.stringMatching(/^Deployment .*containerPort must be integer/),
      expect.stringMatching(/^Job .*backoffLimit must be integer/),
    ]);
  });
});
