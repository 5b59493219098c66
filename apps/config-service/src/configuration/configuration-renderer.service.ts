import type { DeviceConfigurationMessage } from '@lib/contracts';
import type { DeviceViewEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';

/** The reference's defaults (CONTRACT.md 3.5): the device agent dereferences heartbeat.hardware_profile. */
export const DEFAULT_HEARTBEAT = { period_seconds: 60, hardware_profile: {} };
export const DEFAULT_METRICS_RECEIVER = { request_num_samples: 30000, timeout_seconds: 10 };

@Injectable()
export class ConfigurationRenderer {
  render(device: DeviceViewEntity): DeviceConfigurationMessage {
    return {
      device_id: device.deviceId,
      version: '1',
      configuration: {
        heartbeat: { ...DEFAULT_HEARTBEAT, hardware_profile: {} },
        metrics: { receiver: { ...DEFAULT_METRICS_RECEIVER } },
        mounts: [],
      },
      workloads: [],
    };
  }
}
