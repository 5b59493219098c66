import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { shutdownState } from './shutdown-state';

/** A readiness check of one hard dependency. */
export interface ReadinessCheck {
  /** The key of its result (`database`, `kafka`, ...). */
  readonly name: string;
  check(): Promise<HealthIndicatorResult>;
}

/**
 * How long readiness waits for a reported check. A frozen dependency's check runs to its own timeout (2 s), and
 * a probe that times out (Kubernetes' default: 1 s) takes the replica out of the Service, which a reported check
 * must never do.
 */
export const REPORTED_CHECK_WAIT_MS = 500;

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
/** Checks whose state readiness reports without failing on it (the app serves through their outage). */
export const REPORTED_CHECKS = Symbol('REPORTED_CHECKS');

/** A reported check's result as readiness shows it: up, with the dependency's own status beside it. */
export function asReported(result: HealthIndicatorResult): HealthIndicatorResult {
  return Object.fromEntries(
    Object.entries(result).map(([key, { status, ...details }]) => [
      key,
      { ...details, status: 'up', dependency: status },
    ]),
  );
}

/** A reported check's result, or `down` if it has none within `waitMs`; it never fails readiness. */
export async function reportedWithin(check: ReadinessCheck, waitMs: number): Promise<HealthIndicatorResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<HealthIndicatorResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ [check.name]: { status: 'down', message: `no answer within ${waitMs} ms` } }),
      waitMs,
    );
  });
  const result = check.check().then(
    (r) => r,
    (error: unknown) => ({
      [check.name]: {
        status: 'down' as const,
        message: error instanceof Error ? error.message : String(error),
      },
    }),
  );
  try {
    return asReported(await Promise.race([result, late]));
  } finally {
    clearTimeout(timer);
  }
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(REPORTED_CHECKS) private readonly reported: ReadinessCheck[],
  ) {}

  /** The process answers; no dependency is checked, so a broker outage never restarts pods. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    // Unready first when shutting down, whatever the dependencies say.
    const running = () => {
      const indicator = this.indicators.check('shutdown');
      return Promise.resolve(shutdownState.draining ? indicator.down({ draining: true }) : indicator.up());
    };
    return this.health.check([
      running,
      ...this.checks.map((c) => () => c.check()),
      ...this.reported.map((c) => () => reportedWithin(c, REPORTED_CHECK_WAIT_MS)),
    ]);
  }
}
