import { IsDeviceId, IsNamespace } from '@lib/contracts';

/** Path parameters of the namespaced management routes, validated before any handler runs. */
export class NamespaceParams {
  @IsNamespace()
  ns!: string;
}

export class DeviceParams extends NamespaceParams {
  @IsDeviceId()
  deviceId!: string;
}
