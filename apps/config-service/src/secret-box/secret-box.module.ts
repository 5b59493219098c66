import { AppConfig } from '@lib/config';
import { Module } from '@nestjs/common';
import { SecretBox } from './secret-box';

/** One SecretBox per process, keyed by SECRETS_ENCRYPTION_KEY: audit digests, sealed secrets, rendering. */
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => {
        if (!c.secrets.encryptionKey) {
          throw new Error('SECRETS_ENCRYPTION_KEY is required by the config service');
        }
        return new SecretBox(c.secrets.encryptionKey);
      },
    },
  ],
  exports: [SecretBox],
})
export class SecretBoxModule {}
