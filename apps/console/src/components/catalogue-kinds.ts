import type { Role } from '../session/whoami';

export interface CatalogueKind {
  id: string;
  label: string;
  /** The role that may create, edit and delete it. */
  writeRole: Role;
  /** A template for a new one, in YAML. */
  template: string;
  preview?: boolean;
}

export const KINDS: CatalogueKind[] = [
  {
    id: 'workloads',
    label: 'Workloads',
    writeRole: 'operator',
    preview: true,
    template: `deviceSelector:
  matchLabels:
    app: example
type: pod
pod:
  spec:
    containers:
      - name: web
        image: quay.io/bitnami/nginx:latest
`,
  },
  {
    id: 'device-sets',
    label: 'Device sets',
    writeRole: 'operator',
    template: `heartbeat:
  periodSeconds: 60
`,
  },
  {
    id: 'device-specs',
    label: 'Device specs',
    writeRole: 'operator',
    template: `heartbeat:\n  periodSeconds: 60\n`,
  },
  {
    id: 'secrets',
    label: 'Secrets',
    writeRole: 'admin',
    template: `type: Opaque
stringData:
  password: change-me
`,
  },
  {
    id: 'configmaps',
    label: 'ConfigMaps',
    writeRole: 'operator',
    template: `data:
  MODE: day
`,
  },
  {
    id: 'playbook-executions',
    label: 'Playbook executions',
    writeRole: 'operator',
    template: `device: my-device
playbook:
  content: ""
`,
  },
];

export const kindOf = (id: string | undefined): CatalogueKind => KINDS.find((k) => k.id === id) ?? KINDS[0];

/** The API path of one resource of a kind; device specs live under their device. */
export function resourcePath(kind: string, ns: string, name: string): string {
  const n = encodeURIComponent(ns);
  const r = encodeURIComponent(name);
  return kind === 'device-specs' ? `/namespaces/${n}/devices/${r}/spec` : `/namespaces/${n}/${kind}/${r}`;
}

/** Fields the server adds to an answer, which a PUT must not carry back. */
export const SERVER_FIELDS = [
  'namespace',
  'name',
  'resourceVersion',
  'createdAt',
  'updatedAt',
  'deviceId',
  'keys',
];
