import { Module } from '@nestjs/common';
import { AccessModule } from '../access';
import { ServingModule } from '../serving';
import { RolloutActions } from './rollout-actions.service';
import { RolloutBatches } from './rollout-batches';
import { RolloutGate } from './rollout-gate';
import { RolloutPoliciesService } from './rollout-policies.service';
import { RolloutPolicyController } from './rollout-policy.controller';
import { RolloutProgress } from './rollout-progress';
import { RolloutStateRelay } from './rollout-state.relay';
import { RolloutViews } from './rollout-views';
import { RolloutsController } from './rollouts.controller';

/**
 * Staged rollouts (docs/rollouts.md): a namespace's policy, the gate every render goes through
 * (ConfigurationStore.useGate, so the catalogue and the registry view need not know about rollouts), the progress
 * driven from the rows, operators' actions, and the state topic.
 */
@Module({
  imports: [ServingModule, AccessModule],
  controllers: [RolloutPolicyController, RolloutsController],
  providers: [
    RolloutGate,
    RolloutBatches,
    RolloutProgress,
    RolloutActions,
    RolloutViews,
    RolloutPoliciesService,
    RolloutStateRelay,
  ],
})
export class RolloutsModule {}
