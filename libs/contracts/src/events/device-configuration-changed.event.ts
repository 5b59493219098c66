import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/**
 * A device's served configuration changed (rendered anew, or retired), on `device.configuration-changed.v1`,
 * key the device id. It carries what the heartbeat worker judges heartbeats by, so the worker keeps its own copy
 * and never reads the config service's `device_configuration`. State-carrying: the newest `renderedAt` wins.
 */
export class DeviceConfigurationChangedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  /** The configuration version the device should report once in sync. */
  @IsString()
  @Matches(/^\d{1,19}$/)
  version!: string;

  /** False once the device is no longer served (decommissioned, rejected): its heartbeats fall back to defaults. */
  @IsBoolean()
  served!: boolean;

  /**
   * `configuration.heartbeat.period_seconds` as rendered; absent when the configuration sets none or a period
   * <= 0, which the device agent treats as 60 s.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  heartbeatPeriodSeconds?: number;

  /**
   * `configuration.heartbeat.hardware_profile.scope` as rendered: with `delta` the device reports only the hardware
   * that changed, which the heartbeat worker merges into the profile it knows. Absent: `full`.
   */
  @IsOptional()
  @IsIn(['full', 'delta'])
  hardwareProfileScope?: 'full' | 'delta';

  @IsISO8601({ strict: true })
  renderedAt!: string;
}
