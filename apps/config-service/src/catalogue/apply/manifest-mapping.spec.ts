import { describe, expect, it } from 'vitest';
import { FLOTTA_API_VERSION, ManifestError, toCatalogueObject } from './manifest-mapping';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const map = (value: unknown, ns?: string) => toCatalogueObject({ index: 3, line: 7, value }, ns);
const failure = (value: unknown, ns?: string): ManifestError => {
  try {
    map(value, ns);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected a ManifestError');
};

describe(toCatalogueObject.name, () => {
  it('maps an EdgeWorkload spec, with the metadata labels and annotations the renderer reads', () => {
    const sut = map({
      apiVersion: FLOTTA_API_VERSION,
      kind: 'EdgeWorkload',
      metadata: {
        name: 'cam',
        namespace: 'fleet',
        labels: { 'podman/tier': 'edge' },
        annotations: { a: 'b' },
      },
      spec: { type: 'pod', device: 'd1', pod: { spec: { containers: [] } } },
      status: {},
    });
    expect(sut).toEqual({
      index: 3,
      line: 7,
      kind: 'EdgeWorkload',
      namespace: 'fleet',
      name: 'cam',
      body: {
        type: 'pod',
        device: 'd1',
        pod: { spec: { containers: [] } },
        labels: { 'podman/tier': 'edge' },
        annotations: { a: 'b' },
      },
    });
  });

  it('takes the default namespace when metadata has none, and prefers metadata.namespace', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } };
    expect(map(cm, 'dflt')).toMatchObject({ namespace: 'dflt', body: { data: { k: 'v' } } });
    expect(map({ ...cm, metadata: { name: 'c', namespace: 'own' } }, 'dflt').namespace).toBe('own');
  });

  it('refuses an object without any namespace', () => {
    const error = failure({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} });
    expect(error.message).toMatch(/no namespace/);
    expect(error.objectName).toBe('c');
  });

  it('maps a Secret: type, data and stringData as the secrets API takes them', () => {
    const sut = map({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'reg', namespace: 'n' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64('{}') },
      immutable: true,
    });
    expect(sut.body).toEqual({
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64('{}') },
    });
  });

  it('refuses ConfigMap binaryData', () => {
    const error = failure({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n' },
      binaryData: { k: 'AA==' },
    });
    expect(error.message).toMatch(/binaryData/);
    expect(error.kind).toBe('ConfigMap');
  });

  it('drops createOBC from an EdgeDeviceSet, which has no meaning without the operator', () => {
    const sut = map({
      apiVersion: FLOTTA_API_VERSION,
      kind: 'EdgeDeviceSet',
      metadata: { name: 'lab', namespace: 'n' },
      spec: { heartbeat: { periodSeconds: 15 }, storage: { s3: { secretName: 's', createOBC: false } } },
    });
    expect(sut.body).toEqual({ heartbeat: { periodSeconds: 15 }, storage: { s3: { secretName: 's' } } });
  });

  it('maps a PlaybookExecution: base64 content as text, device from its EdgeDevice owner', () => {
    const sut = map({
      apiVersion: FLOTTA_API_VERSION,
      kind: 'PlaybookExecution',
      metadata: {
        name: 'd1-update',
        namespace: 'n',
        ownerReferences: [{ apiVersion: FLOTTA_API_VERSION, kind: 'EdgeDevice', name: 'd1', uid: 'x' }],
      },
      spec: { playbook: { content: b64('- hosts: all\n'), timeoutSeconds: 30 }, executionAttempt: 0 },
    });
    expect(sut.body).toEqual({ device: 'd1', playbook: { content: '- hosts: all\n' } });
  });

  it('refuses a PlaybookExecution without an owning EdgeDevice or with content that is not base64', () => {
    const pe = (metadata: object, content: string) => ({
      apiVersion: FLOTTA_API_VERSION,
      kind: 'PlaybookExecution',
      metadata: { name: 'p', namespace: 'n', ...metadata },
      spec: { playbook: { content } },
    });
    expect(failure(pe({}, b64('x'))).message).toMatch(/ownerReferences/);
    const owner = { ownerReferences: [{ kind: 'EdgeDevice', name: 'd1' }] };
    expect(failure(pe(owner, '- hosts: all')).message).toMatch(/base64/);
  });

  it('names an unknown kind or apiVersion', () => {
    expect(failure({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }).message).toMatch(
      /unknown kind "Pod"/,
    );
    const error = failure({
      apiVersion: 'management.project-flotta.io/v1',
      kind: 'EdgeWorkload',
      metadata: { name: 'w' },
    });
    expect(error.message).toMatch(/unknown apiVersion "management.project-flotta.io\/v1" for EdgeWorkload/);
  });

  it('refuses a Flotta object without a spec object, and a document that is not an object', () => {
    expect(
      failure({
        apiVersion: FLOTTA_API_VERSION,
        kind: 'EdgeWorkload',
        metadata: { name: 'w', namespace: 'n' },
      }).message,
    ).toMatch(/spec: must be an object/);
    expect(failure('just text').message).toMatch(/must be an object/);
  });
});
