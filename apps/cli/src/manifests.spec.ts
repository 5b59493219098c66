import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';
import { desiredView, parseManifests, storedView } from './manifests';

describe('manifests as diff compares them', () => {
  it('flattens documents, arrays and Lists, as the server reads them', () => {
    const objects = parseManifests({
      contentType: 'application/yaml',
      text: 'kind: ConfigMap\nmetadata: {name: a}\n---\n{"kind":"List","items":[{"kind":"Secret","metadata":{"name":"b"}}]}\n---\n[{"kind":"ConfigMap","metadata":{"name":"c"}}]\n',
    });
    expect(objects.map((o) => (o.metadata as { name: string }).name)).toEqual(['a', 'b', 'c']);
  });

  it('maps each kind onto what the API stores, as apply does', () => {
    expect(
      desiredView({
        kind: 'EdgeWorkload',
        metadata: { name: 'w', labels: { 'podman/x': '1' } },
        spec: { device: 'd1', type: 'pod' },
      }),
    ).toEqual({ device: 'd1', type: 'pod', labels: { 'podman/x': '1' } });
    expect(
      desiredView({
        kind: 'EdgeDeviceSet',
        metadata: { name: 's' },
        spec: { storage: { s3: { secretName: 'x', createOBC: true } } },
      }),
    ).toEqual({ storage: { s3: { secretName: 'x' } } });
    expect(
      desiredView({
        kind: 'PlaybookExecution',
        metadata: { name: 'p', ownerReferences: [{ kind: 'EdgeDevice', name: 'd1' }] },
        spec: { playbook: { content: Buffer.from('- hosts: all\n').toString('base64') } },
      }),
    ).toEqual({ device: 'd1', playbook: { content: '- hosts: all\n' } });
    expect(desiredView({ kind: 'Secret', data: { b: 'eA==' }, stringData: { a: 'x' } })).toEqual({
      type: 'Opaque',
      keys: ['a', 'b'],
    });
    expect(desiredView({ kind: 'ConfigMap', metadata: { labels: { t: 'e' } }, data: { K: 'v' } })).toEqual({
      data: { K: 'v' },
      labels: { t: 'e' },
    });
    expect(
      storedView({ name: 'w', namespace: 'n', resourceVersion: '3', createdAt: 't', type: 'pod' }),
    ).toEqual({
      type: 'pod',
    });
  });

  it('diffs line by line: kept, removed, added', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\n')).toEqual(['  a', '- b', '+ x', '  c']);
    expect(lineDiff('', 'a\n')).toEqual(['+ a']);
    expect(lineDiff('a\n', 'a\n')).toEqual(['  a']);
  });
});
