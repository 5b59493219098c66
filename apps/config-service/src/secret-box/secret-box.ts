import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
/** IVs drawn from the CSPRNG this many at a time: one call per IV cost more than the encryption. */
const IV_POOL = 1024;

/**
 * AES-256-GCM for secret material at rest. Each value gets a fresh 96-bit IV; `context` (e.g. the secret's
 * namespace/name) is bound as additional data, so a sealed value copied to another row does not open.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64.
 */
export class SecretBox {
  private readonly macKey: Buffer;
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new Error('SecretBox needs a 32-byte key');
    }
    this.macKey = createHash('sha256').update('flotta-edge/content-digest/').update(key).digest();
  }

  seal(plaintext: string, context: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64')).join('.');
  }

  /** A fresh random IV, never handed out twice (each slice of the pool is used once). */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * IV_POOL);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  /**
   * A keyed digest (HMAC-SHA-256 with a key derived from the encryption key): lets content that holds secrets
   * be compared without a plain hash that anyone reading the database could test guesses against.
   */
  digest(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('hex');
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
