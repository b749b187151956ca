import { LiveVerifier } from '../context';
import { LiveAlarmsArmed, LiveAlarmsQuiet } from './alarms';
import { LiveBackupCopies, LiveBackupJobs, LiveRestoreTests } from './backup';
import { LiveDeploymentSucceeded, LiveRollbackArmed } from './deployments';
import { LiveCertificates, LiveDnsRecord, LiveTargetsHealthy, LiveWafAssociated } from './edge';
import { LiveFailoverDrill } from './failover';
import { LiveLogsFlowing, LiveSecretRotation } from './secrets-logs';
import { LiveErrorRate, LiveLatency } from './traffic';
import { LiveCpu, LiveDbConnections, LiveDisk, LiveMemory } from './utilisation';

/** Every live verifier, one or more per live item. @internal */
export const LIVE_VERIFIERS: LiveVerifier[] = [
  LiveErrorRate, LiveLatency, LiveTargetsHealthy,
  LiveCpu, LiveMemory, LiveDisk, LiveDbConnections,
  LiveAlarmsArmed, LiveAlarmsQuiet,
  LiveBackupJobs, LiveRestoreTests, LiveBackupCopies,
  LiveFailoverDrill,
  LiveCertificates, LiveWafAssociated, LiveDnsRecord,
  LiveDeploymentSucceeded, LiveRollbackArmed,
  LiveSecretRotation, LiveLogsFlowing,
];
