import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secret material at rest. Each value gets a fresh 96-bit IV; `context` (e.g. the secret's
 * namespace/name) is bound as additional data, so a sealed value copied to another row does not open.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new Error('SecretBox needs a 32-byte key');
    }
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64')).join('.');
  }

  /**
   * A keyed digest (HMAC-SHA-256 with a key derived from the encryption key): lets content that holds secrets
   * be compared without a plain hash that anyone reading the database could test guesses against.
   */
  digest(value: string): string {
    const macKey = createHash('sha256').update('flotta-edge/content-digest/').update(this.key).digest();
    return createHmac('sha256', macKey).update(value).digest('hex');
  }

  /** Throws when the value was tampered with, sealed with another key, or for another context. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('not a sealed value');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}
