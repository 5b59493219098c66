import { DeviceViewEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ALL_NAMESPACES, type NamespaceScope } from '../../access';
import type { FleetSummaryDto, NamespaceSummaryDto } from './fleet-summary.dto';

interface CountRow {
  namespace: string;
  state: string;
  presence: string | null;
  in_sync: boolean;
  devices: number;
}

/** Counts for the console's overview: one grouped query over the read model, nothing per device. */
@Injectable()
export class FleetSummaryService {
  constructor(@InjectRepository(DeviceViewEntity) private readonly views: Repository<DeviceViewEntity>) {}

  async summary(scope: NamespaceScope): Promise<FleetSummaryDto> {
    const all = scope === ALL_NAMESPACES;
    const rows = await this.views.query<CountRow[]>(
      `SELECT v.namespace, v.state, s.presence,
              (c.version IS NOT NULL AND s.config_version = c.version::text) AS in_sync,
              count(*)::int AS devices
       FROM device_view v
       LEFT JOIN device_status s ON s.device_id = v.device_id
       LEFT JOIN device_configuration c ON c.device_id = v.device_id AND c.content IS NOT NULL
       WHERE $1::boolean OR v.namespace = ANY($2)
       GROUP BY 1, 2, 3, 4
       ORDER BY 1`,
      [all, all ? [] : [...scope]],
    );
    const byNamespace = new Map<string, NamespaceSummaryDto>();
    let pendingEnrolments = 0;
    for (const row of rows) {
      if (row.state === 'pending') {
        pendingEnrolments += row.devices;
      }
      let summary = byNamespace.get(row.namespace);
      if (!summary) {
        summary = { namespace: row.namespace, states: {}, presence: {}, inSync: 0, outOfSync: 0 };
        byNamespace.set(row.namespace, summary);
      }
      summary.states[row.state] = (summary.states[row.state] ?? 0) + row.devices;
      if (row.state === 'registered') {
        const presence = row.presence ?? 'unknown';
        summary.presence[presence] = (summary.presence[presence] ?? 0) + row.devices;
        if (row.in_sync) {
          summary.inSync += row.devices;
        } else {
          summary.outOfSync += row.devices;
        }
      }
    }
    return { namespaces: [...byNamespace.values()], pendingEnrolments };
  }
}
