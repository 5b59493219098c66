import type { Role } from '@lib/config';
import { DomainError, findUnstorable } from '@lib/platform';
import { BadRequestException, Injectable, type Type, ValidationPipe } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditInTransaction, type Principal } from '../../access';
import { DeviceParams } from '../../request-params';
import type { WriteOutcome } from '../catalogue-write';
import { PutConfigMapDto } from '../configmaps/configmap.dto';
import { ConfigMapsService } from '../configmaps/configmaps.service';
import { ConfigSpecDto } from '../device-sets/config-spec.dto';
import { DeviceSetsService } from '../device-sets/device-sets.service';
import { PutPlaybookExecutionDto } from '../playbook-executions/playbook-execution.dto';
import { PlaybookExecutionsService } from '../playbook-executions/playbook-executions.service';
import { ResourceParams } from '../resource-name.params';
import { PutSecretDto } from '../secrets/secret.dto';
import { SecretsService } from '../secrets/secrets.service';
import { WorkloadSpecDto } from '../workloads/workload.dto';
import { WorkloadsService } from '../workloads/workloads.service';
import type { ApplyProblem, ApplyResultDto } from './apply.dto';
import { DeviceImports, type ImportResult } from './device-imports.service';
import { type DeviceImport, type DeviceKind, isDeviceManifest, toDeviceImport } from './device-manifests';
import {
  type CatalogueObject,
  KINDS,
  ManifestError,
  type ManifestKind,
  toCatalogueObject,
} from './manifest-mapping';
import type { StreamObject } from './manifest-stream';

type Written = { outcome: WriteOutcome; resourceVersion: string };
type Writer = (m: EntityManager, ns: string, name: string, body: never) => Promise<Written>;

/** The body DTO of each kind's PUT endpoint: apply validates exactly as those endpoints do. */
const DTOS: Record<ManifestKind, Type<object>> = {
  Secret: PutSecretDto,
  ConfigMap: PutConfigMapDto,
  EdgeDeviceSet: ConfigSpecDto,
  EdgeWorkload: WorkloadSpecDto,
  PlaybookExecution: PutPlaybookExecutionDto,
};

/** The role each kind's own endpoints need (secrets are the admins'; a device import, like an approval). */
const ROLE_BY_KIND: Record<ManifestKind | DeviceKind, Role> = {
  Secret: 'admin',
  ConfigMap: 'operator',
  EdgeDeviceSet: 'operator',
  EdgeWorkload: 'operator',
  PlaybookExecution: 'operator',
  EdgeDevice: 'operator',
  EdgeDeviceSignedRequest: 'operator',
};

/** The same options as the global pipe of the HTTP apps (libs/platform create-http-app). */
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * Applies a stream of manifests through the catalogue services' own write path, in one transaction: every object
 * is checked first (shape and DTO), then written in dependency order (secrets and configmaps, sets, workloads,
 * playbook executions); if any object is refused, the transaction rolls back and nothing is stored.
 */
@Injectable()
export class ApplyService {
  private readonly writers: Record<ManifestKind, Writer>;

  constructor(
    private readonly dataSource: DataSource,
    secrets: SecretsService,
    configMaps: ConfigMapsService,
    sets: DeviceSetsService,
    workloads: WorkloadsService,
    executions: PlaybookExecutionsService,
    private readonly devices: DeviceImports,
  ) {
    const version = (r: { resourceVersion: string }) => r.resourceVersion;
    this.writers = {
      Secret: async (m, ns, name, body: PutSecretDto) => {
        const r = await secrets.put(ns, name, body, undefined, m);
        return { outcome: r.outcome, resourceVersion: version(r.secret) };
      },
      ConfigMap: async (m, ns, name, body: PutConfigMapDto) => {
        const r = await configMaps.put(ns, name, body, undefined, m);
        return { outcome: r.outcome, resourceVersion: version(r.configMap) };
      },
      EdgeDeviceSet: async (m, ns, name, body: ConfigSpecDto) => {
        const r = await sets.put(ns, name, body, undefined, m);
        return { outcome: r.outcome, resourceVersion: version(r.set) };
      },
      EdgeWorkload: async (m, ns, name, body: WorkloadSpecDto) => {
        const r = await workloads.put(ns, name, body, undefined, m);
        return { outcome: r.outcome, resourceVersion: version(r.workload) };
      },
      PlaybookExecution: async (m, ns, name, body: PutPlaybookExecutionDto) => {
        const r = await executions.put(ns, name, body, undefined, m);
        return { outcome: r.outcome, resourceVersion: version(r.execution) };
      },
    };
  }

  async apply(
    stream: StreamObject[],
    defaultNamespace: string | undefined,
    caller: Principal,
    correlationId: string,
    dryRun = false,
  ): Promise<ApplyResultDto[]> {
    const { imports, problems: deviceProblems } = await checkDevices(
      stream.filter(isDeviceManifest),
      defaultNamespace,
    );
    const objects = await this.checkAll(
      stream.filter((item) => !isDeviceManifest(item)),
      defaultNamespace,
      deviceProblems,
      stream.length,
    );
    authorize([...objects, ...imports.map(asAuthorized)], caller, stream.length);
    const ordered = [...objects].sort(
      (a, b) => KINDS[a.kind].order - KINDS[b.kind].order || a.index - b.index,
    );
    const results = new Map<number, ApplyResultDto>();
    let imported = new Map<number, ImportResult>();
    const rollback = new DryRunRollback();
    const transaction = this.dataSource.transaction(async (m) => {
      const problems: ApplyProblem[] = [];
      for (const o of ordered) {
        try {
          const written = await this.writers[o.kind](m, o.namespace, o.name, o.body as never);
          results.set(o.index, { kind: o.kind, namespace: o.namespace, name: o.name, ...written });
        } catch (error) {
          // A refused object does not stop the others: the caller gets every problem at once. Services throw
          // DomainErrors before writing, so the transaction is still usable; it is rolled back below.
          if (!(error instanceof DomainError)) {
            throw error;
          }
          problems.push({ ...describe(o), code: error.code, message: error.message });
        }
      }
      // After the catalogue's objects: an EdgeDevice's spec may name a secret of the same stream.
      imported = await this.devices.writeIn(m, imports, caller.actor, correlationId, problems);
      refuseIf(
        problems.sort((a, b) => a.index - b.index),
        stream.length,
      );
      // A dry run takes the whole write path (validation, references, outcomes) and then rolls it back.
      if (dryRun) {
        throw rollback;
      }
      // The stream's one audit entry commits with what it wrote (a dry run's is recorded after the rollback). One
      // namespace is the entry's namespace; a stream over several is recorded as cluster-wide (as the controller).
      const namespaces = new Set([...ordered, ...imports].map((o) => o.namespace));
      await auditInTransaction(m, 200, namespaces.size === 1 ? [...namespaces][0] : null);
    });
    await transaction.catch((error: unknown) => {
      if (error !== rollback) {
        throw error;
      }
    });
    if (!dryRun) {
      this.devices.committed();
    }
    return stream.map((item) => imported.get(item.index) ?? results.get(item.index)!);
  }

  /** Shape, names and DTO of every object, before the database is touched. */
  private async checkAll(
    stream: StreamObject[],
    defaultNamespace: string | undefined,
    earlier: ApplyProblem[],
    total: number,
  ): Promise<CatalogueObject[]> {
    const problems: ApplyProblem[] = [...earlier];
    const objects: CatalogueObject[] = [];
    const seen = new Set<string>();
    for (const item of stream) {
      let o: CatalogueObject | undefined;
      try {
        o = toCatalogueObject(item, defaultNamespace);
        await validated({ ns: o.namespace, name: o.name }, ResourceParams, 'param');
        const key = `${o.kind}/${o.namespace}/${o.name}`;
        if (seen.has(key)) {
          throw new ManifestError(`${key} appears more than once`);
        }
        seen.add(key);
        // After mapping: a PlaybookExecution's content is base64 in the manifest, and may decode to a NUL.
        const unstorable = findUnstorable(o.body);
        if (unstorable !== undefined) {
          throw new ManifestError(unstorable);
        }
        objects.push({
          ...o,
          body: (await validated(o.body, DTOS[o.kind], 'body')) as Record<string, unknown>,
        });
      } catch (error) {
        if (!(error instanceof ManifestError)) {
          throw error;
        }
        problems.push({
          ...(o ? describe(o) : { index: item.index, line: item.line }),
          ...(o ? {} : { kind: error.kind, namespace: error.namespace, name: error.objectName }),
          code: 'VALIDATION_FAILED',
          message: error.message,
        });
      }
    }
    refuseIf(
      problems.sort((a, b) => a.index - b.index),
      total,
    );
    return objects;
  }
}

/** Each device's shape (and its spec's, with the device spec's DTO) before the database is touched. */
async function checkDevices(
  items: StreamObject[],
  defaultNamespace: string | undefined,
): Promise<{ imports: DeviceImport[]; problems: ApplyProblem[] }> {
  const imports: DeviceImport[] = [];
  const problems: ApplyProblem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    let i: DeviceImport | undefined;
    try {
      i = toDeviceImport(item, defaultNamespace);
      await validated({ ns: i.deviceNamespace, deviceId: i.deviceId }, DeviceParams, 'param');
      const key = `${i.kind}/${i.deviceId}`;
      if (seen.has(key)) {
        throw new ManifestError(`${key} appears more than once`);
      }
      seen.add(key);
      const unstorable = findUnstorable({ labels: i.labels, hardware: i.hardware, spec: i.spec });
      if (unstorable !== undefined) {
        throw new ManifestError(unstorable);
      }
      if (i.spec) {
        i.spec = (await validated(i.spec, ConfigSpecDto, 'body')) as unknown as Record<string, unknown>;
      }
      imports.push(i);
    } catch (error) {
      if (!(error instanceof ManifestError)) {
        throw error;
      }
      problems.push({
        index: item.index,
        line: item.line,
        kind: i?.kind ?? error.kind,
        namespace: i?.namespace ?? error.namespace,
        name: i?.name ?? error.objectName,
        code: 'VALIDATION_FAILED',
        message: error.message,
      });
    }
  }
  return { imports, problems };
}

/** A device import needs the operator role where the device lands, as approving it would. */
const asAuthorized = (i: DeviceImport): Authorized => ({
  index: i.index,
  line: i.line,
  kind: i.kind,
  namespace: i.deviceNamespace,
  name: i.name,
});

/** Thrown to roll a dry run's transaction back once every outcome is known. */
class DryRunRollback extends Error {}

/** The DTO instance the PUT endpoint would get; its validation messages as a ManifestError otherwise. */
async function validated<T>(value: unknown, metatype: Type<T>, type: 'body' | 'param'): Promise<T> {
  try {
    return (await pipe.transform(value, { type, metatype })) as T;
  } catch (error) {
    if (error instanceof BadRequestException) {
      const { message } = error.getResponse() as { message: string | string[] };
      throw new ManifestError(Array.isArray(message) ? message.join('; ') : message);
    }
    throw error;
  }
}

const describe = (o: Authorized): Omit<ApplyProblem, 'code' | 'message'> => ({
  index: o.index,
  line: o.line,
  kind: o.kind,
  namespace: o.namespace,
  name: o.name,
});

/** 422 when every problem is a missing reference, 400 otherwise; `errors` lists each object's problem. */
type Authorized = Pick<CatalogueObject, 'index' | 'line' | 'namespace' | 'name'> & {
  kind: keyof typeof ROLE_BY_KIND;
};

/** Each object needs the role its own endpoint needs, in its own namespace: one refusal refuses the stream. */
function authorize(objects: Authorized[], caller: Principal, total: number): void {
  const problems = objects
    .filter((o) => !caller.can(ROLE_BY_KIND[o.kind], o.namespace))
    .map((o) => ({
      ...describe(o),
      code: 'FORBIDDEN',
      message: `${caller.actor} needs the ${ROLE_BY_KIND[o.kind]} role in namespace ${o.namespace}`,
    }));
  refuseIf(problems, total);
}

function refuseIf(problems: ApplyProblem[], total: number): void {
  if (problems.length === 0) {
    return;
  }
  const code = problems.every((p) => p.code === 'INVALID_REFERENCE' || p.code === 'FORBIDDEN')
    ? (problems[0].code as 'INVALID_REFERENCE' | 'FORBIDDEN')
    : 'VALIDATION_FAILED';
  const summary = problems
    .map((p) => {
      const at = p.line === undefined ? `object ${p.index}` : `object ${p.index}, line ${p.line}`;
      return `${p.kind ?? 'object'} ${p.name ?? '(unnamed)'} (${at}): ${p.message}`;
    })
    .join('; ');
  throw new DomainError(code, `${problems.length} of ${total} objects refused, nothing applied: ${summary}`, {
    errors: problems,
  });
}
