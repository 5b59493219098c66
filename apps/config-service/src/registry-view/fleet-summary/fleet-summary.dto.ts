import { ApiProperty } from '@nestjs/swagger';

export class NamespaceSummaryDto {
  @ApiProperty() namespace!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'devices per state',
  })
  states!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'registered devices per presence (online, late, offline, unknown before the first heartbeat)',
  })
  presence!: Record<string, number>;
  @ApiProperty({ description: 'registered devices whose last heartbeat reported the desired configuration' })
  inSync!: number;
  @ApiProperty({ description: 'registered devices behind their desired configuration (or without one yet)' })
  outOfSync!: number;
}

export class FleetSummaryDto {
  @ApiProperty({ type: [NamespaceSummaryDto] }) namespaces!: NamespaceSummaryDto[];
  @ApiProperty({ description: 'enrolments waiting for a decision' }) pendingEnrolments!: number;
}
