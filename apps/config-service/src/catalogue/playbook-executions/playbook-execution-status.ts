import type { PlaybookCondition } from '@lib/database';
import { ApiProperty } from '@nestjs/swagger';

export class PlaybookConditionDto {
  @ApiProperty() type!: string;
  @ApiProperty() lastTransitionTime!: string;
}

/** The reported status shown on the execution (serving's ReportedStatus). */
export class PlaybookExecutionStatusDto {
  @ApiProperty({
    description:
      'as the device last reported it: Deploying, TargetVerification, Running, SuccessfullyCompleted, CompletedWithError',
  })
  state!: string;
  @ApiProperty() lastTransitionTime!: string;
  @ApiProperty({ type: [PlaybookConditionDto], description: 'every reported transition, oldest first' })
  conditions!: PlaybookCondition[];
}
