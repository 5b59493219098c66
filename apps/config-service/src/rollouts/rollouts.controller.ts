import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access } from '../access';
import { PageQuery, type Page } from '../pagination';
import { NamespaceParams } from '../request-params';
import { RolloutActions } from './rollout-actions.service';
import { RolloutViews } from './rollout-views';
import { RolloutActionParams, RolloutParams, type RolloutDto } from './rollout.dto';

@ApiTags('rollouts')
@Controller('api/v1/namespaces/:ns/rollouts')
export class RolloutsController {
  constructor(
    private readonly views: RolloutViews,
    private readonly actions: RolloutActions,
  ) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: "The namespace's rollouts, newest first, paged" })
  list(@Param() { ns }: NamespaceParams, @Query() query: PageQuery): Promise<Page<RolloutDto>> {
    return this.views.page(ns, query);
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'A rollout: its state, the change that started it, per batch its counts' })
  get(@Param() { ns, id }: RolloutParams): Promise<RolloutDto> {
    return this.views.get(ns, id);
  }

  @Post(':id/:action')
  @Access('operator')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ['approve', 'pause', 'resume', 'abort'] })
  @ApiOperation({
    summary:
      'approve (the waiting batch starts), pause, resume (a batch paused for failures passes as it is), ' +
      'abort (started devices get their previous content back as a new version); 409 from the wrong state',
  })
  act(@Param() { ns, id, action }: RolloutActionParams): Promise<RolloutDto> {
    return this.actions.act(ns, id, action);
  }
}
