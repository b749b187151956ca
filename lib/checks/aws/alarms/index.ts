import { AwsRule } from '../../rule';
import { AlarmCpu } from './alarm-cpu';
import { AlarmDbConnections } from './alarm-db-connections';
import { AlarmDisk } from './alarm-disk';
import { AlarmErrorRate } from './alarm-error-rate';
import { AlarmHasAction } from './alarm-has-action';
import { AlarmLatencyP95 } from './alarm-latency-p95';
import { AlarmLatencyP99 } from './alarm-latency-p99';
import { AlarmMemory } from './alarm-memory';
import { AlarmTopicEncrypted } from './alarm-topic-encrypted';
import { AlarmUnhealthyHosts } from './alarm-unhealthy-hosts';
import { DashboardService } from './dashboard-service';

/** Rules of the alarms area (alarms and dashboards). @internal */
export const ALARMS_RULES: AwsRule[] = [
  AlarmHasAction,
  AlarmErrorRate,
  AlarmLatencyP95,
  AlarmLatencyP99,
  AlarmUnhealthyHosts,
  AlarmDbConnections,
  AlarmMemory,
  AlarmDisk,
  AlarmCpu,
  AlarmTopicEncrypted,
  DashboardService,
];
