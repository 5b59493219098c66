/**
 * Bodies we answer on the Edge Configuration API (docs/contract.md#the-six-operations,
 * docs/contract.md#what-we-answer).
 */
export type RegistrationStatus = 'registered' | 'unregistered' | 'unknown';

export interface DeviceRegistrationStatusResponse {
  status: RegistrationStatus;
  namespace?: string;
  message?: string;
}

export interface HeartbeatConfiguration {
  period_seconds: number;
  hardware_profile: { include?: boolean; scope?: 'full' | 'delta' };
}

/**
 * The device-configuration-message; `configuration.heartbeat` is always present
 * (docs/contract.md#what-the-device-agent-needs).
 */
export interface DeviceConfigurationMessage {
  device_id: string;
  version: string;
  configuration: {
    heartbeat: HeartbeatConfiguration;
    metrics?: Record<string, unknown>;
    mounts?: unknown[];
    os?: Record<string, unknown>;
    storage?: Record<string, unknown>;
    'log-collection'?: Record<string, unknown>;
    'ansible-manager'?: Record<string, unknown>;
  };
  workloads: Record<string, unknown>[];
  secrets?: Record<string, unknown>[];
  workloads_monitoring_interval?: number;
}

export interface DeviceConfigurationResponse {
  'device-configuration': DeviceConfigurationMessage;
  message?: string;
}

export interface PlaybookExecution {
  name: string;
  ansible_playbook_string: string;
  last_data_upload: string;
}
