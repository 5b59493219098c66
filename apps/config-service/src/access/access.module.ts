import { ApiTokenEntity, AuditEntryEntity } from '@lib/database';
import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretBoxModule } from '../secret-box';
import { AuditLog } from './audit/audit-log';
import { AuditTrail } from './audit/audit-trail';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditRelay } from './audit/audit.relay';
import { AccessDenials } from './auth/access-denials';
import { AccessGuard } from './auth/access.guard';
import { Authenticator } from './auth/authenticator';
import { OidcVerifier } from './auth/oidc-verifier';
import { SharedRateLimiter } from './auth/shared-rate-limiter';
import { TokenStore } from './auth/token-store';
import { TokensController } from './auth/tokens.controller';
import { TokensService } from './auth/tokens.service';

/**
 * Who may call the management API and what they did: authentication (tokens, OIDC), roles, rate limits, the
 * audit trail. The guard and the audit interceptor apply to every route of the app.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiTokenEntity, AuditEntryEntity]), SecretBoxModule],
  controllers: [TokensController, AuditController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    TokenStore,
    SharedRateLimiter,
    OidcVerifier,
    Authenticator,
    TokensService,
    AuditLog,
    AuditRelay,
    AuditTrail,
    { provide: AccessDenials, useExisting: AuditLog },
  ],
  // The registry view records the registry's enrolment decisions in the audit trail.
  exports: [AuditLog],
})
export class AccessModule {}
