import { AwsRule } from '../../rule';
import { AlarmSecurityEvents } from './alarm-security-events';
import { AlarmTopicSubscribed } from './alarm-topic-subscribed';
import { ApplicationMetricsDeclared } from './application-metrics-declared';
import { BudgetNotifies } from './budget-notifies';
import { ContainerInsightsEnabled } from './container-insights-enabled';
import { CriticalAlarmPages } from './critical-alarm-pages';
import { DashboardBusinessMetrics } from './dashboard-business-metrics';
import { DashboardInfrastructure } from './dashboard-infrastructure';
import { DashboardSecurity } from './dashboard-security';
import { ErrorLogMetricFilter } from './error-log-metric-filter';
import { LambdaRoleWritesLogs } from './lambda-role-writes-logs';
import { ExternalHealthProbe } from './external-health-probe';
import { LogArchiveToS3 } from './log-archive-to-s3';
import { ServiceHealthCompositeAlarm } from './service-health-composite-alarm';

/** Rules of the observability area (alarm set, routing, security signals, dashboards, metrics, logs, probes). @internal */
export const OBSERVABILITY_RULES: AwsRule[] = [
  ServiceHealthCompositeAlarm,
  AlarmTopicSubscribed,
  CriticalAlarmPages,
  AlarmSecurityEvents,
  BudgetNotifies,
  DashboardInfrastructure,
  DashboardSecurity,
  DashboardBusinessMetrics,
  ContainerInsightsEnabled,
  ApplicationMetricsDeclared,
  LambdaRoleWritesLogs,
  ErrorLogMetricFilter,
  LogArchiveToS3,
  ExternalHealthProbe,
];
