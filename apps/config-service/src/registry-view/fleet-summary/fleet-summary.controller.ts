import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Caller, type Principal } from '../../access';
import { FleetSummaryDto } from './fleet-summary.dto';
import { FleetSummaryService } from './fleet-summary.service';

@ApiTags('devices')
@Controller('api/v1/fleet-summary')
export class FleetSummaryController {
  constructor(private readonly summaries: FleetSummaryService) {}

  @Get()
  @Access('viewer', 'any')
  @ApiOperation({
    summary: 'Devices per namespace by state and presence, configurations in sync, pending enrolments',
  })
  @ApiOkResponse({ type: FleetSummaryDto })
  get(@Caller() caller: Principal): Promise<FleetSummaryDto> {
    return this.summaries.summary(caller.scope('viewer'));
  }
}
