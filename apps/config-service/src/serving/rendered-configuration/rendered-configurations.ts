import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mapSecretFields } from '../rendering/seal-configuration';
import type { RenderedConfigurationDto } from './rendered-configuration.dto';

export const MASK = '••••••';

/**
 * What a device is served, for people to read: secret material is masked without ever being opened (the stored
 * document keeps it sealed), so not even an admin's browser sees a secret value.
 */
@Injectable()
export class RenderedConfigurations {
  constructor(private readonly dataSource: DataSource) {}

  async get(namespace: string, deviceId: string): Promise<RenderedConfigurationDto> {
    const rows = await this.dataSource.query<
      {
        state: string;
        version: string | null;
        rendered_at: Date | null;
        content: Record<string, unknown> | null;
      }[]
    >(
      `SELECT v.state, c.version::text AS version, c.rendered_at, c.content
       FROM device_view v
       LEFT JOIN device_configuration c ON c.device_id = v.device_id AND c.namespace = v.namespace
       WHERE v.device_id = $1 AND v.namespace = $2 AND v.state IN ('approved', 'registered', 'decommissioned')`,
      [deviceId, namespace],
    );
    const row = rows[0];
    if (!row) {
      throw new DomainError('DEVICE_NOT_FOUND', `Device ${deviceId} not found in namespace ${namespace}`);
    }
    return {
      deviceId,
      namespace,
      version: row.content ? row.version : null,
      renderedAt: row.content && row.rendered_at ? row.rendered_at.toISOString() : null,
      configuration: row.content ? mapSecretFields(row.content, () => MASK) : null,
    };
  }
}
