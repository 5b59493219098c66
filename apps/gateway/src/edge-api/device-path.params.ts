import { IsDeviceId, IsNamespace } from '@lib/contracts';

/** Base path of the Edge Configuration API (swagger-backend.yaml `basePath`). */
export const EDGE_API_DEVICE_PATH = 'api/flotta-backend/v1/namespaces/:namespace/devices/:deviceId';

export class DevicePathParams {
  @IsNamespace()
  namespace!: string;

  @IsDeviceId()
  deviceId!: string;
}
