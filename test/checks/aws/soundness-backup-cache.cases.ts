/**
 * Soundness of the backup, cache and S3 lifecycle rules: templates written the
 * way third-party templates write them (parameters, conditions, mappings),
 * each of which came out PASS although some deployment of it does not meet the
 * item, and the compliant forms next to them, which still pass.
 */
import { GoLiveChecks } from '../../../lib';
import { Thresholds } from '../../../lib/checklist/thresholds';
import { AWS_RULES } from '../../../lib/checks/aws';
import { runAwsRules } from '../../../lib/checks/engine';
import { parseYamlDocs } from '../../../lib/checks/loader';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function yaml(text: string): any {
  return parseYamlDocs('t.yaml', text)[0];
}

/** The findings of a rule on a resource, the template's environment not known (checkTemplate). */
function findings(text: string, ruleId: string, resource: string) {
  return checks.checkTemplate(yaml(text), 'probe').findings.filter((f) => f.ruleId === ruleId && f.resource === resource);
}
function statusOf(text: string, ruleId: string, resource: string): string[] {
  return findings(text, ruleId, resource).map((f) => f.status);
}
/** The findings of a rule when the stack's environment is known (a cloud assembly's aws://account/region). */
function inEnv(text: string, ruleId: string, region: string, accountId = '111122223333') {
  const rule = AWS_RULES.find((r) => r.id === ruleId)!;
  return runAwsRules([{ file: 't.json', stack: 'T', template: yaml(text), region, accountId }], { rules: [rule], thresholds: Thresholds.DEFAULTS })
    .filter((f) => f.ruleId === ruleId);
}

// ---------------------------------------------------------------- BackupCrossRegionCopy

const copyPlan = (dest: string, extra = '') => `
AWSTemplateFormatVersion: '2010-09-09'
${extra}
Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: primary
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: nightly
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault
            ScheduleExpression: cron(0 5 ? * * *)
            Lifecycle: {DeleteAfterDays: 35}
            CopyActions:
              - DestinationBackupVaultArn: ${dest}
                Lifecycle: {DeleteAfterDays: 35}
`;

describe('BackupCrossRegionCopy: a literal region in an environment-agnostic template', () => {
  const literal = copyPlan('!Sub arn:${AWS::Partition}:backup:us-west-2:${AWS::AccountId}:backup-vault:dr');

  test('a copy to a literal region of this account, the stack\'s region not known: unknown, naming the region', () => {
    const f = findings(literal, 'BackupCrossRegionCopy', 'Plan');
    expect(f.map((x) => x.status)).toEqual(['unknown']); // was pass
    expect(f[0].message).toMatch(/fail when deployed in region us-west-2/);
  });

  test('the stack\'s region known: another region passes, the same region fails', () => {
    expect(inEnv(literal, 'BackupCrossRegionCopy', 'us-east-1').map((f) => f.status)).toEqual(['pass']);
    expect(inEnv(literal, 'BackupCrossRegionCopy', 'us-west-2').map((f) => f.status)).toEqual(['fail']);
  });

  test('a copy kept too short fails wherever the stack is deployed', () => {
    expect(statusOf(literal.replace(/DeleteAfterDays: 35}\n$/, 'DeleteAfterDays: 1}\n'), 'BackupCrossRegionCopy', 'Plan')).toEqual(['fail']);
  });

  test('compliant: the DR region looked up by the stack\'s region passes in every region of the map', () => {
    const mapped = copyPlan("!Sub ['arn:${AWS::Partition}:backup:${Dr}:${AWS::AccountId}:backup-vault:dr', {Dr: !FindInMap [DrRegion, !Ref 'AWS::Region', target]}]", `
Mappings:
  DrRegion:
    us-east-1: {target: us-west-2}
    us-west-2: {target: us-east-1}`);
    expect(statusOf(mapped, 'BackupCrossRegionCopy', 'Plan')).toEqual(['pass']);
  });

  test('a map sending one region to itself: unknown, naming that region', () => {
    const mapped = copyPlan("!Sub ['arn:${AWS::Partition}:backup:${Dr}:${AWS::AccountId}:backup-vault:dr', {Dr: !FindInMap [DrRegion, !Ref 'AWS::Region', target]}]", `
Mappings:
  DrRegion:
    us-east-1: {target: us-west-2}
    us-west-2: {target: us-west-2}`);
    const f = findings(mapped, 'BackupCrossRegionCopy', 'Plan');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/us-west-2/);
  });

  test('a copy to a literal account of the stack\'s own region: unknown when the stack\'s account is not known (it may be that one), pass when it is another', () => {
    const t = copyPlan('!Sub arn:${AWS::Partition}:backup:${AWS::Region}:444455556666:backup-vault:dr');
    const f = findings(t, 'BackupCrossRegionCopy', 'Plan');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(inEnv(t, 'BackupCrossRegionCopy', 'eu-west-1', '111122223333').map((x) => x.status)).toEqual(['pass']);
    expect(inEnv(t, 'BackupCrossRegionCopy', 'eu-west-1', '444455556666').map((x) => x.status)).toEqual(['fail']);
  });
});

// ---------------------------------------------------------------- BackupRestoreTested

/** A plan backing up an Aurora cluster (or `db`), and a restore testing plan with `selection` (YAML of the selection's properties). */
const restorePlan = (opts: { recovery?: string; selection?: string; db?: string; params?: string } = {}) => `
AWSTemplateFormatVersion: '2010-09-09'
${opts.params ?? ''}
Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: primary
  Other:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: scratch
${opts.db ?? `  Db:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      MasterUsername: admin
      ManageMasterUserPassword: true
      Tags: [{Key: tier, Value: gold}]`}
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: p
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault
  Sel:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: !Ref Plan
      BackupSelection:
        SelectionName: s
        IamRoleArn: arn:aws:iam::111122223333:role/backup
        Resources: [!Sub 'arn:aws:rds:\${AWS::Region}:\${AWS::AccountId}:cluster:\${Db}']
  TestPlan:
    Type: AWS::Backup::RestoreTestingPlan
    Properties:
      RestoreTestingPlanName: tests
      ScheduleExpression: cron(0 1 ? * SUN *)
      RecoveryPointSelection:
        Algorithm: LATEST_WITHIN_WINDOW
        RecoveryPointTypes: [SNAPSHOT]
${opts.recovery ?? '        IncludeVaults: [!GetAtt Vault.BackupVaultArn]'}
  TestSel:
    Type: AWS::Backup::RestoreTestingSelection
    Properties:
      RestoreTestingPlanName: !Ref TestPlan
      RestoreTestingSelectionName: sel
      IamRoleArn: arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole
${opts.selection ?? `      ProtectedResourceType: Aurora
      ProtectedResourceArns: ['*']`}
`;

describe('BackupRestoreTested: ExcludeVaults', () => {
  test('every vault included but the plan\'s vault excluded: fail', () => {
    const t = restorePlan({ recovery: "        IncludeVaults: ['*']\n        ExcludeVaults: [!GetAtt Vault.BackupVaultArn]" });
    expect(statusOf(t, 'BackupRestoreTested', 'Plan')).toEqual(['fail']); // was pass
  });

  test('the plan\'s vault excluded by its name: fail', () => {
    const t = restorePlan({ recovery: "        IncludeVaults: ['*']\n        ExcludeVaults: ['arn:aws:backup:*:*:backup-vault:prim*']" });
    expect(statusOf(t, 'BackupRestoreTested', 'Plan')).toEqual(['fail']);
  });

  test('vaults excluded from a parameter: unknown', () => {
    const t = restorePlan({ params: 'Parameters:\n  Skip: {Type: CommaDelimitedList}', recovery: "        IncludeVaults: ['*']\n        ExcludeVaults: !Ref Skip" });
    expect(statusOf(t, 'BackupRestoreTested', 'Plan')).toEqual(['unknown']);
  });

  test('compliant: another vault excluded, the plan\'s vault still tested', () => {
    const t = restorePlan({ recovery: "        IncludeVaults: ['*']\n        ExcludeVaults: [!GetAtt Other.BackupVaultArn]" });
    expect(statusOf(t, 'BackupRestoreTested', 'Plan')).toEqual(['pass']);
  });
});

describe('BackupRestoreTested: the protected resource type', () => {
  test('an Aurora cluster backed up, only EFS restores tested: fail, naming both', () => {
    const f = findings(restorePlan({ selection: "      ProtectedResourceType: EFS\n      ProtectedResourceArns: ['*']" }), 'BackupRestoreTested', 'Plan');
    expect(f.map((x) => x.status)).toEqual(['fail']); // was pass
    expect(f[0].message).toMatch(/Db .*Aurora.*TestSel restores EFS/);
  });

  test('a standalone RDS instance tested as Aurora: fail; as RDS: pass', () => {
    const db = `  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.m7g.large
      AllocatedStorage: '100'`;
    const t = (type: string) => restorePlan({ db, selection: `      ProtectedResourceType: ${type}\n      ProtectedResourceArns: ['*']` }).replace(':cluster:', ':db:');
    expect(statusOf(t('Aurora'), 'BackupRestoreTested', 'Plan')).toEqual(['fail']);
    expect(statusOf(t('RDS'), 'BackupRestoreTested', 'Plan')).toEqual(['pass']);
  });

  test('ProtectedResourceConditions that the cluster\'s tags do not meet: fail; that they meet: pass', () => {
    const cond = (v: string) => restorePlan({ selection: `      ProtectedResourceType: Aurora\n      ProtectedResourceArns: ['*']\n      ProtectedResourceConditions:\n        StringEquals: [{Key: 'aws:ResourceTag/tier', Value: ${v}}]` });
    expect(statusOf(cond('bronze'), 'BackupRestoreTested', 'Plan')).toEqual(['fail']);
    expect(statusOf(cond('gold'), 'BackupRestoreTested', 'Plan')).toEqual(['pass']);
  });

  test('ProtectedResourceArns naming another cluster: fail; the type from a parameter: unknown', () => {
    expect(statusOf(restorePlan({ selection: "      ProtectedResourceType: Aurora\n      ProtectedResourceArns: ['arn:aws:rds:us-east-1:111122223333:cluster:legacy']" }).replace('MasterUsername: admin', 'DBClusterIdentifier: orders\n      MasterUsername: admin'), 'BackupRestoreTested', 'Plan')).toEqual(['fail']);
    const param = restorePlan({ params: 'Parameters:\n  Kind: {Type: String}', selection: "      ProtectedResourceType: !Ref Kind\n      ProtectedResourceArns: ['*']" });
    expect(statusOf(param, 'BackupRestoreTested', 'Plan')).toEqual(['unknown']);
  });

  test('the type chosen by a condition: unknown, naming the parameter', () => {
    const t = restorePlan({
      params: "Parameters:\n  Engine: {Type: String, AllowedValues: [aurora, efs]}\nConditions:\n  IsAurora: !Equals [!Ref Engine, aurora]",
      selection: "      ProtectedResourceType: !If [IsAurora, Aurora, EFS]\n      ProtectedResourceArns: ['*']",
    });
    const f = findings(t, 'BackupRestoreTested', 'Plan');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/Engine/);
  });

  test('compliant: the Aurora cluster restore-tested as Aurora, by its ARN', () => {
    const t = restorePlan({ selection: "      ProtectedResourceType: Aurora\n      ProtectedResourceArns: [!Sub 'arn:aws:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Db}']" });
    expect(statusOf(t, 'BackupRestoreTested', 'Plan')).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------- CacheMultiAzFailover

const cache = (placement: string, params = '') => `
AWSTemplateFormatVersion: '2010-09-09'
${params}
Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: valkey
      CacheNodeType: cache.r7g.large
      AutomaticFailoverEnabled: true
      MultiAZEnabled: true
      TransitEncryptionEnabled: true
${placement}
`;

describe('CacheMultiAzFailover: the zones the nodes are pinned to', () => {
  test('both nodes pinned to one zone: fail', () => {
    const f = findings(cache('      NumCacheClusters: 2\n      PreferredCacheClusterAZs: [us-east-1a, us-east-1a]'), 'CacheMultiAzFailover', 'Cache');
    expect(f.map((x) => x.status)).toEqual(['fail']); // was pass
    expect(f[0].message).toMatch(/us-east-1a/);
  });

  test('the same entry of Fn::GetAZs twice: fail; two entries: pass', () => {
    const azs = (a: number, b: number) => cache(`      NumCacheClusters: 2\n      PreferredCacheClusterAZs: [!Select [${a}, !GetAZs ''], !Select [${b}, !GetAZs '']]`);
    expect(statusOf(azs(0, 0), 'CacheMultiAzFailover', 'Cache')).toEqual(['fail']);
    expect(statusOf(azs(0, 1), 'CacheMultiAzFailover', 'Cache')).toEqual(['pass']);
  });

  test('a shard whose replica is pinned to its primary\'s zone: fail', () => {
    const groups = `      NumNodeGroups: 2
      NodeGroupConfiguration:
        - NodeGroupId: '0001'
          ReplicaCount: 1
          PrimaryAvailabilityZone: eu-west-1a
          ReplicaAvailabilityZones: [eu-west-1b]
        - NodeGroupId: '0002'
          ReplicaCount: 1
          PrimaryAvailabilityZone: eu-west-1c
          ReplicaAvailabilityZones: [eu-west-1c]`;
    const f = findings(cache(groups), 'CacheMultiAzFailover', 'Cache');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/0002/);
  });

  test('zones from parameters, or a name against an entry of Fn::GetAZs, cannot be compared: unknown', () => {
    const params = 'Parameters:\n  ZoneA: {Type: AWS::EC2::AvailabilityZone::Name}\n  ZoneB: {Type: AWS::EC2::AvailabilityZone::Name}';
    expect(statusOf(cache('      NumCacheClusters: 2\n      PreferredCacheClusterAZs: [!Ref ZoneA, !Ref ZoneB]', params), 'CacheMultiAzFailover', 'Cache')).toEqual(['unknown']);
    expect(statusOf(cache("      NumCacheClusters: 2\n      PreferredCacheClusterAZs: [us-east-1a, !Select [0, !GetAZs '']]"), 'CacheMultiAzFailover', 'Cache')).toEqual(['unknown']);
  });

  test('compliant: nodes in two zones, or zones left to ElastiCache', () => {
    expect(statusOf(cache('      NumCacheClusters: 3\n      PreferredCacheClusterAZs: [us-east-1a, us-east-1a, us-east-1b]'), 'CacheMultiAzFailover', 'Cache')).toEqual(['pass']);
    expect(statusOf(cache('      NumCacheClusters: 2\n      PreferredCacheClusterAZs: [us-east-1a, us-east-1b]'), 'CacheMultiAzFailover', 'Cache')).toEqual(['pass']);
    expect(statusOf(cache('      NumCacheClusters: 2'), 'CacheMultiAzFailover', 'Cache')).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------- S3BucketLifecycle

const bucket = (rule: string) => `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Archive:
    Type: String
    AllowedValues: ['yes', 'no']
Conditions:
  DoArchive: !Equals [!Ref Archive, 'yes']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      LifecycleConfiguration:
        Rules:
          - Id: age
            Status: Enabled
${rule}
`;

describe('S3BucketLifecycle: what the rule sets in every world', () => {
  test('the only transition is !If [cond, {...}, AWS::NoValue]: not a pass; fails when the condition is false', () => {
    const t = bucket(`            ExpirationInDays: 365
            NoncurrentVersionExpiration: {NoncurrentDays: 90}
            Transitions:
              - !If
                - DoArchive
                - {StorageClass: GLACIER, TransitionInDays: 90}
                - !Ref AWS::NoValue`);
    const f = findings(t, 'S3BucketLifecycle', 'Bucket');
    expect(f.map((x) => x.status)).toEqual(['unknown']); // was pass
    expect(f[0].message).toMatch(/Archive = no/);
  });

  test('the transition list itself behind !If: not a pass', () => {
    const t = bucket(`            ExpirationInDays: 365
            NoncurrentVersionExpiration: {NoncurrentDays: 90}
            Transitions: !If [DoArchive, [{StorageClass: GLACIER, TransitionInDays: 90}], !Ref AWS::NoValue]`);
    expect(statusOf(t, 'S3BucketLifecycle', 'Bucket')).toEqual(['unknown']);
  });

  test('the expiration behind !If: not a pass', () => {
    const t = bucket(`            ExpirationInDays: !If [DoArchive, 365, !Ref AWS::NoValue]
            NoncurrentVersionExpiration: !If [DoArchive, {NoncurrentDays: 90}, !Ref AWS::NoValue]
            Transitions: [{StorageClass: GLACIER, TransitionInDays: 90}]`);
    expect(statusOf(t, 'S3BucketLifecycle', 'Bucket')).toEqual(['unknown']);
  });

  test('an empty transition list and an empty NoncurrentVersionExpiration: fail', () => {
    const t = bucket(`            NoncurrentVersionExpiration: {}
            Transitions: []`);
    const f = findings(t, 'S3BucketLifecycle', 'Bucket');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toBe('no transition to colder storage and no expiration');
  });

  test('compliant: a transition in every world (the storage class chosen by the condition), expiry from a parameter', () => {
    const t = bucket(`            ExpirationInDays: !Ref Days
            NoncurrentVersionExpiration: {NoncurrentDays: 90}
            Transitions:
              - StorageClass: !If [DoArchive, GLACIER, STANDARD_IA]
                TransitionInDays: 90`).replace('Parameters:\n', 'Parameters:\n  Days: {Type: Number, Default: 365}\n');
    expect(statusOf(t, 'S3BucketLifecycle', 'Bucket')).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------- a standalone Redis cache cluster

describe('a standalone Redis or Valkey AWS::ElastiCache::CacheCluster is judged by every cache item', () => {
  const cluster = (props: string, engine = 'redis') => `
Resources:
  Node:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: ${engine}
      CacheNodeType: cache.t4g.small
      NumCacheNodes: 1
${props}`;
  test('no TLS, no snapshots: every item fails (at rest, AUTH and failover cannot be had on a cluster)', () => {
    for (const rule of ['CacheProvisioned', 'CacheTlsInTransit', 'CacheEncryptionAtRest', 'CacheAuth', 'CacheMultiAzFailover', 'CacheSnapshotRetention']) {
      expect([rule, statusOf(cluster(''), rule, 'Node')]).toEqual([rule, ['fail']]);
    }
  });
  test('TLS and snapshots on: those two items pass', () => {
    const t = cluster('      TransitEncryptionEnabled: true\n      SnapshotRetentionLimit: 7', 'valkey');
    expect(statusOf(t, 'CacheTlsInTransit', 'Node')).toEqual(['pass']);
    expect(statusOf(t, 'CacheSnapshotRetention', 'Node')).toEqual(['pass']);
  });
  test('a member of a replication group, and Memcached, are left to the group and to CacheProvisioned', () => {
    expect(statusOf(cluster('      ReplicationGroupId: my-group'), 'CacheTlsInTransit', 'Node')).toEqual([]);
    expect(statusOf(cluster('', 'memcached'), 'CacheAuth', 'Node')).toEqual([]);
    expect(statusOf(cluster('', 'memcached'), 'CacheProvisioned', 'Node')).toEqual(['fail']);
  });
  test('an engine from an open parameter is unknown', () => {
    const t = `Parameters:\n  Engine:\n    Type: String\n${cluster('').replace('Engine: redis', 'Engine: !Ref Engine')}`;
    expect(statusOf(t, 'CacheTlsInTransit', 'Node')).toEqual(['unknown']);
  });
});

// ---------------------------------------------------------------- smaller findings of the probes

describe('CacheAuth names where the AUTH token comes from; SecretsRotation with two schedules', () => {
  test('an AUTH token from an SSM SecureString passes, and says so (it said Secrets Manager)', () => {
    const t = `
Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: c
      Engine: redis
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      TransitEncryptionEnabled: true
      AuthToken: '{{resolve:ssm-secure:/cache/token}}'
`;
    const f = findings(t, 'CacheAuth', 'Cache');
    expect(f.map((x) => [x.status, x.message])).toEqual([['pass', 'AUTH token resolved from an SSM SecureString parameter at deploy']]);
  });

  test('two rotation schedules on one secret: it keeps whichever CloudFormation applies last, so one over the threshold makes it unknown', () => {
    const t = (days: number) => `
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: { PasswordLength: 32 }
  Fast:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate
      RotationRules: { AutomaticallyAfterDays: 7 }
  Slow:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:rotate
      RotationRules: { AutomaticallyAfterDays: ${days} }
`;
    const slow = findings(t(365), 'SecretsRotation', 'Secret');
    expect(slow.map((x) => x.status)).toEqual(['unknown']);
    expect(slow[0].message).toMatch(/2 rotation schedules set this secret's one rotation configuration/);
    expect(statusOf(t(14), 'SecretsRotation', 'Secret')).toEqual(['pass']);
  });
});
