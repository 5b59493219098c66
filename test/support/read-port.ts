import { READ_HANDSHAKE_PREFIX } from '@lib/contracts';

/** The first line of a read-port connection that holds `secret`, as the gateway sends it (no newline). */
export const readPortHandshake = (secret: string): string =>
  `${READ_HANDSHAKE_PREFIX}${Buffer.from(secret).toString('base64')}`;
