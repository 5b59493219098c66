import { CreateRegistryTables1795814341401 } from './1795814341401-CreateRegistryTables';
import { AddHeartbeatDigest1795814759430 } from './1795814759430-AddHeartbeatDigest';
import { CreateConfigurationCatalogue1795815299687 } from './1795815299687-CreateConfigurationCatalogue';
import { RecordHeartbeatsAndPresence1795815482496 } from './1795815482496-RecordHeartbeatsAndPresence';
import { AddDeviceSyncState1795817178087 } from './1795817178087-AddDeviceSyncState';
import { CreateAuditAndTokens1795821681351 } from './1795821681351-CreateAuditAndTokens';
import { PublishConfigurationChanges1795900000000 } from './1795900000000-PublishConfigurationChanges';
import { CreatePlaybookExecutionStatus1796391627084 } from './1796391627084-CreatePlaybookExecutionStatus';
import { CreatePreauthorizations1796401789288 } from './1796401789288-CreatePreauthorizations';
import { CreateRollouts1796401852622 } from './1796401852622-CreateRollouts';
import { CreateRateLimitBuckets1796402021228 } from './1796402021228-CreateRateLimitBuckets';
import { CreateRegistryCommandOutbox1796406119741 } from './1796406119741-CreateRegistryCommandOutbox';
import { CreateAppliedCommands1796500000000 } from './1796500000000-CreateAppliedCommands';

/** In order. Generated from the entities, reviewed, never edited after release. */
export const MIGRATIONS = [
  CreateRegistryTables1795814341401,
  AddHeartbeatDigest1795814759430,
  CreateConfigurationCatalogue1795815299687,
  RecordHeartbeatsAndPresence1795815482496,
  AddDeviceSyncState1795817178087,
  CreateAuditAndTokens1795821681351,
  PublishConfigurationChanges1795900000000,
  CreatePlaybookExecutionStatus1796391627084,
  CreatePreauthorizations1796401789288,
  CreateRateLimitBuckets1796402021228,
  CreateRollouts1796401852622,
  CreateRegistryCommandOutbox1796406119741,
  CreateAppliedCommands1796500000000,
];
