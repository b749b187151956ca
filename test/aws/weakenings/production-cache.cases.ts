/**
 * ProductionCache refuses every weakening the checks would fail, naming the
 * item, unless acknowledged; every prop is in the table or says why it touches
 * no claimed item (test/aws/weakenings/harness.ts).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CacheAuthentication, ProductionCache } from '../../../lib/aws/production-cache';
import { keyWithoutRotation, openSecurityGroup, unencryptedTopic, vpcOf } from './data-tier-fixtures';
import { Check, weakeningSuite } from './harness';

weakeningSuite({
  construct: 'ProductionCache',
  propsType: 'ProductionCacheProps',
  configurations: {
    rbac: (stack, props) => new ProductionCache(stack, 'Cache', { vpc: vpcOf(stack), ...props }),
  },
  weakenings: [
    { prop: 'vpcSubnets', label: 'public subnets', props: { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, item: 'NET-PRIVATE-SUBNETS', check: Check.fails() },
    {
      prop: 'vpcSubnets',
      label: 'one zone',
      props: (stack) => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [stack.availabilityZones[0]] } }),
      item: 'CACHE-MULTI-AZ-FAILOVER',
      check: Check.cannotKnow('the rule reads MultiAZEnabled, AutomaticFailoverEnabled and the node count, not the zones of the subnet group (which ElastiCache places the nodes in at deploy)'),
    },
    { prop: 'replicas', props: { replicas: 0 }, item: 'CACHE-MULTI-AZ-FAILOVER', check: Check.fails() },
    {
      prop: 'authentication.rbac().accessString', label: "'on nopass ~* +@all'", item: 'CACHE-AUTH', check: Check.fails(),
      props: { authentication: CacheAuthentication.rbac({ accessString: 'on nopass ~* +@all' }) },
    },
    {
      prop: 'authentication.rbac().accessString', label: "'on >hunter2 ~* +@all'", item: 'CACHE-AUTH', check: Check.fails(),
      props: { authentication: CacheAuthentication.rbac({ accessString: 'on >hunter2 ~* +@all' }) },
    },
    { prop: 'snapshotRetentionDays', props: { snapshotRetentionDays: 1 }, item: 'CACHE-SNAPSHOT-RETENTION', check: Check.fails() },
    { prop: 'logRetention', label: '1 day', props: { logRetention: logs.RetentionDays.ONE_DAY }, item: 'LOG-RETENTION', check: Check.fails() },
    { prop: 'encryptionKey', label: 'a key without rotation', props: (stack) => ({ encryptionKey: keyWithoutRotation(stack) }), item: 'KMS-KEY-ROTATION', check: Check.fails() },
    { prop: 'alarmTopic', label: 'an unencrypted topic', props: (stack) => ({ alarmTopic: unencryptedTopic(stack) }), item: 'ALARM-TOPIC-ENCRYPTED', check: Check.fails() },
    { prop: 'securityGroups', label: 'open to the internet', props: (stack) => ({ securityGroups: [openSecurityGroup(stack)] }), item: 'NET-RESTRICTED-INGRESS', check: Check.fails() },
  ],
  untouched: {
    'vpc': 'the subnets are chosen by vpcSubnets (its rows)',
    'engine': 'both engines provision every cache item',
    'engineVersion': 'any version is pinned (CACHE-PROVISIONED); versions without RBAC or log delivery are refused (an error)',
    'nodeType': 'the node size; the alarms are percentages of it',
    'port': 'the port is not an item: security groups, TLS and authentication control access',
    'authentication.rbac()': 'the default: RBAC with a generated, rotated password and the default user off',
    'authentication.rbac().userName': "a name; 'default' is refused (an error: that user is switched off)",
    'authentication.authToken()': 'an AUTH token from a generated, rotated secret (CACHE-AUTH holds)',
    'snapshotWindow': 'when the daily snapshot runs; retention is snapshotRetentionDays',
    'preferredMaintenanceWindow': 'when maintenance runs; no item depends on it',
    'parameters': 'TLS, authentication and encryption are replication-group properties, which no engine parameter changes',
    'evictionsThreshold': 'the evictions alarm is not a checklist item',
    'replicationLagThreshold': 'the replication lag alarm is not a checklist item',
    'connectionsThreshold': 'the CurrConnections alarm is not a claimed item (ALARM-DB-CONNECTIONS is judged on RDS)',
    'removalPolicy': 'CACHE-SNAPSHOT-RETENTION is the retention of the automatic snapshots (SnapshotRetentionLimit); the final snapshot on removal is extra',
    'dashboard': "the widgets go to the user's dashboard instead of a new one (DASHBOARD-INFRASTRUCTURE holds)",
    'thresholds': 'thresholds only tighten (Thresholds.of refuses a looser value)',
  },
}, ['lib/aws/production-cache.ts']);
