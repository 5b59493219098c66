import { IsString, Length, Matches } from 'class-validator';

/**
 * A device ID as the Edge API puts it in the path (the yggdrasil client id: a UUID or a host name). Letters,
 * digits, `.`, `_` and `-`, starting and ending alphanumeric: no `/`, `..` or control characters reach a key.
 */
export const DEVICE_ID_PATTERN = /^(?!.*\.\.)[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

export const DEVICE_ID_MESSAGE =
  'must be at most 253 letters, digits, ".", "_" and "-", starting and ending alphanumeric, without ".."';

/** Kubernetes namespace rules (DNS-1123 label), which Flotta namespaces follow. */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    decorators.forEach((d) => d(target, key));
  };

export const IsDeviceId = (): PropertyDecorator =>
  compose(
    IsString(),
    Length(1, 253),
    Matches(DEVICE_ID_PATTERN, { message: `$property ${DEVICE_ID_MESSAGE}` }),
  );

export const IsNamespace = (): PropertyDecorator =>
  compose(
    IsString(),
    Length(1, 63),
    Matches(NAMESPACE_PATTERN, { message: '$property must be a DNS-1123 label' }),
  );
