/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';

/**
 * Soundness of the database rules: a PASS must hold for every value
 * CloudFormation could give the property; when the template cannot decide, the
 * verdict is unknown, naming what decides it. Templates are written the way
 * hand-written (non-CDK) stacks write them.
 */
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function findings(template: any, ruleId: string) {
  return checks.checkTemplate(template, 'soundness').findings.filter((f) => f.ruleId === ruleId);
}
function statuses(template: any, ruleId: string): string[] {
  return findings(template, ruleId).map((f) => f.status);
}

const NETWORK = {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.20.0.0/16' } },
  SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.20.1.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
  SubnetB: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.20.2.0/24', AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } } },
  DbSubnets: { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] } },
};

/** An Aurora PostgreSQL cluster with a writer and a reader, each given `writerAz` / `readerAz` (undefined: not set). */
function aurora(writerAz: any, readerAz: any, extra: any = {}): any {
  const member = (az: any) => ({
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: { Ref: 'Cluster' },
      DBInstanceClass: 'db.r6g.large',
      ...(az === undefined ? {} : { AvailabilityZone: az }),
    },
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...extra,
    Resources: {
      ...NETWORK,
      Cluster: {
        Type: 'AWS::RDS::DBCluster',
        Properties: { Engine: 'aurora-postgresql', EngineVersion: '16.4', MasterUsername: 'app', ManageMasterUserPassword: true, DBSubnetGroupName: { Ref: 'DbSubnets' }, StorageEncrypted: true },
      },
      Writer: member(writerAz),
      Reader: member(readerAz),
      ...(extra.Resources ?? {}),
    },
  };
}

const azs = (i: number, region: any = '') => ({ 'Fn::Select': [i, { 'Fn::GetAZs': region }] });

describe('RdsMultiAz: computed availability zones', () => {
  test("two members on !Select [0, !GetAZs ''] and !Select [0, !GetAZs !Ref AWS::Region] are one zone: fail", () => {
    const f = findings(aurora(azs(0), azs(0, { Ref: 'AWS::Region' })), 'RdsMultiAz');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].resource).toBe('Cluster');
    expect(f[0].message).toMatch(/1 zone/);
  });

  test('members on distinct Fn::GetAZs entries still pass', () => {
    expect(statuses(aurora(azs(0), azs(1, { Ref: 'AWS::Region' })), 'RdsMultiAz')).toEqual(['pass']);
  });

  test('members in the zones of their subnets (GetAtt Subnet.AvailabilityZone) are compared through the subnets', () => {
    const a = { 'Fn::GetAtt': ['SubnetA', 'AvailabilityZone'] };
    const b = { 'Fn::GetAtt': ['SubnetB', 'AvailabilityZone'] };
    expect(statuses(aurora(a, b), 'RdsMultiAz')).toEqual(['pass']);
    expect(statuses(aurora(a, a), 'RdsMultiAz')).toEqual(['fail']);
  });

  test('a zone name next to a Fn::GetAZs entry cannot be compared: unknown, naming the member', () => {
    const f = findings(aurora('us-east-1a', azs(0)), 'RdsMultiAz');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/Writer: us-east-1a/);
  });

  test('Fn::GetAZs of a region from a parameter cannot be compared: unknown, never pass', () => {
    const params = { Parameters: { DeployRegion: { Type: 'String', Default: 'eu-west-1' } } };
    const f = findings(aurora(azs(0, { Ref: 'DeployRegion' }), azs(1, { Ref: 'DeployRegion' }), params), 'RdsMultiAz');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/DeployRegion/);
  });

  test('zones pinned only under a condition: the pinned branch fails, so the verdict is not pass', () => {
    const extra = {
      Parameters: { PinZones: { Type: 'String', AllowedValues: ['true', 'false'], Default: 'false' } },
      Conditions: { Pin: { 'Fn::Equals': [{ Ref: 'PinZones' }, 'true'] } },
    };
    const pinned = { 'Fn::If': ['Pin', azs(0), { Ref: 'AWS::NoValue' }] };
    const f = findings(aurora(pinned, pinned, extra), 'RdsMultiAz');
    expect(f.map((x) => x.status)).not.toContain('pass');
    expect(f.map((x) => x.status).length).toBeGreaterThan(0);
  });

  test('literal zone names keep their behaviour (two zones pass, one zone fails)', () => {
    expect(statuses(aurora('us-east-1a', 'us-east-1b'), 'RdsMultiAz')).toEqual(['pass']);
    expect(statuses(aurora('us-east-1a', 'us-east-1a'), 'RdsMultiAz')).toEqual(['fail']);
    expect(statuses(aurora(undefined, undefined), 'RdsMultiAz')).toEqual(['pass']);
  });
});

/** A standalone RDS instance with an instance parameter group holding `params` (undefined: default group). */
function instance(props: any, params?: any, extra: any = {}): any {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...extra,
    Resources: {
      ...(params === undefined ? {} : { DbParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'family', Description: 'db params', Parameters: params } } }),
      Db: {
        Type: 'AWS::RDS::DBInstance',
        DeletionPolicy: 'Snapshot',
        Properties: {
          DBInstanceClass: 'db.m6g.large',
          AllocatedStorage: '50',
          StorageEncrypted: true,
          MultiAZ: true,
          ...(params === undefined ? {} : { DBParameterGroupName: { Ref: 'DbParams' } }),
          ...props,
        },
      },
      ...(extra.Resources ?? {}),
    },
  };
}

describe('RdsTlsEnforced: PostgreSQL default rds.force_ssl of a restored database', () => {
  const snapshot = 'arn:aws:rds:us-east-1:111122223333:snapshot:legacy-pg12-final';

  test('an instance restored from a snapshot without EngineVersion runs the snapshot version: unknown, naming it', () => {
    const f = findings(instance({ Engine: 'postgres', DBSnapshotIdentifier: snapshot }), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/legacy-pg12-final/);
  });

  test('a snapshot restore behind a condition (the usual SnapshotId parameter) is unknown, not pass', () => {
    const extra = {
      Parameters: { SnapshotId: { Type: 'String', Default: '' } },
      Conditions: { FromSnapshot: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SnapshotId' }, ''] }] } },
    };
    const props = { Engine: 'postgres', MasterUsername: 'app', ManageMasterUserPassword: true, DBSnapshotIdentifier: { 'Fn::If': ['FromSnapshot', { Ref: 'SnapshotId' }, { Ref: 'AWS::NoValue' }] } };
    expect(statuses(instance(props, undefined, extra), 'RdsTlsEnforced')).toEqual(['unknown']);
  });

  test('a Multi-AZ DB cluster restored from SnapshotIdentifier without EngineVersion is unknown', () => {
    const t = { Resources: { Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'postgres', DBClusterInstanceClass: 'db.m6gd.large', SnapshotIdentifier: 'golive-db-final', StorageEncrypted: true } } } };
    const f = findings(t, 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/golive-db-final/);
  });

  test('a restore that pins EngineVersion, a database created empty, and a replica of a pinned source still pass', () => {
    expect(statuses(instance({ Engine: 'postgres', EngineVersion: '16.4', DBSnapshotIdentifier: snapshot }), 'RdsTlsEnforced')).toEqual(['pass']);
    expect(statuses(instance({ Engine: 'postgres', MasterUsername: 'app', ManageMasterUserPassword: true }), 'RdsTlsEnforced')).toEqual(['pass']);
    const replica = { Resources: { Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' }, DBInstanceClass: 'db.m6g.large', Engine: 'postgres' } } } };
    const f = findings(instance({ Engine: 'postgres', EngineVersion: '16.4', MasterUsername: 'app', ManageMasterUserPassword: true }, undefined, replica), 'RdsTlsEnforced');
    expect(f.map((x) => [x.resource, x.status])).toEqual([['Db', 'pass'], ['Replica', 'pass']]);
  });

  test('a replica of a PostgreSQL 14 source in the template fails like its source', () => {
    const replica = { Resources: { Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' }, DBInstanceClass: 'db.m6g.large', Engine: 'postgres' } } } };
    const f = findings(instance({ Engine: 'postgres', EngineVersion: '14.12', MasterUsername: 'app', ManageMasterUserPassword: true }, undefined, replica), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['fail', 'fail']);
  });
});

describe('RdsTlsEnforced: MySQL default tls_version', () => {
  const mysql = (version: any, params: any = { require_secure_transport: '1' }, engine = 'mysql', extra: any = {}) =>
    instance({ Engine: engine, ...(version === undefined ? {} : { EngineVersion: version }), MasterUsername: 'admin', ManageMasterUserPassword: true }, params, extra);

  test('MySQL 5.7 with require_secure_transport but no tls_version admits TLS 1.0/1.1: fail', () => {
    const f = findings(mysql('5.7.44'), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].resource).toBe('DbParams');
    expect(f[0].message).toMatch(/TLS 1\.0/);
  });

  test('MySQL 8.0 before 8.0.28 fails; 8.0.28+ and 8.4 pass; tls_version TLSv1.2 passes on 5.7', () => {
    expect(statuses(mysql('8.0.27'), 'RdsTlsEnforced')).toEqual(['fail']);
    expect(statuses(mysql('8.0.35'), 'RdsTlsEnforced')).toEqual(['pass']);
    expect(statuses(mysql('8.4.3'), 'RdsTlsEnforced')).toEqual(['pass']);
    expect(statuses(mysql('5.7.44', { require_secure_transport: 'ON', tls_version: 'TLSv1.2' }), 'RdsTlsEnforced')).toEqual(['pass']);
  });

  test('a MySQL version not pinned to a minor (8.0) or not set is unknown', () => {
    const f = findings(mysql('8.0'), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/minor version/);
    expect(statuses(mysql(undefined), 'RdsTlsEnforced')).toEqual(['unknown']);
  });

  test('a MySQL version chosen from AllowedValues is judged for each value: 5.7 fails on the group', () => {
    const extra = { Parameters: { MySqlVersion: { Type: 'String', AllowedValues: ['5.7.44', '8.0.36'], Default: '8.0.36' } } };
    const f = findings(mysql({ Ref: 'MySqlVersion' }, undefined, 'mysql', extra), 'RdsTlsEnforced').filter((x) => x.resource === 'DbParams');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/fails when parameter MySqlVersion = 5\.7\.44/);
    expect(findings(mysql({ Ref: 'MySqlVersion' }, { require_secure_transport: '1', tls_version: 'TLSv1.2,TLSv1.3' }, 'mysql', extra), 'RdsTlsEnforced').map((x) => x.status)).toEqual(['pass']);
  });

  test('MariaDB 10.5 fails (default admits TLS 1.1); MariaDB 10.11 is unknown; Aurora MySQL 2 fails; Aurora MySQL 3 keeps passing', () => {
    expect(statuses(mysql('10.5.25', undefined, 'mariadb'), 'RdsTlsEnforced')).toEqual(['fail']);
    expect(statuses(mysql('10.11.9', undefined, 'mariadb'), 'RdsTlsEnforced')).toEqual(['unknown']);
    const cluster = (version: string) => ({
      Resources: {
        ClusterParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-mysql', Description: 'c', Parameters: { require_secure_transport: 'ON' } } },
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', EngineVersion: version, DBClusterParameterGroupName: { Ref: 'ClusterParams' }, MasterUsername: 'admin', ManageMasterUserPassword: true } },
      },
    });
    expect(statuses(cluster('5.7.mysql_aurora.2.11.2'), 'RdsTlsEnforced')).toEqual(['fail']);
    expect(statuses(cluster('8.0.mysql_aurora.3.05.2'), 'RdsTlsEnforced')).toEqual(['pass']);
  });
});

describe('RdsLogExports: Aurora MySQL member overrides', () => {
  function auroraMysql(instanceParams: any): any {
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { Environment: { Type: 'String', AllowedValues: ['staging', 'production'], Default: 'production' } },
      Resources: {
        ClusterParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-mysql8.0', Description: 'cluster', Parameters: { slow_query_log: '1', long_query_time: '2', log_output: 'FILE' } } },
        ...(instanceParams ? { InstanceParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'aurora-mysql8.0', Description: 'instance', Parameters: instanceParams } } } : {}),
        Cluster: {
          Type: 'AWS::RDS::DBCluster',
          Properties: {
            Engine: 'aurora-mysql',
            EngineVersion: '8.0.mysql_aurora.3.05.2',
            MasterUsername: 'admin',
            ManageMasterUserPassword: true,
            DBClusterParameterGroupName: { Ref: 'ClusterParams' },
            EnableCloudwatchLogsExports: ['error', 'slowquery'],
          },
        },
        Writer: {
          Type: 'AWS::RDS::DBInstance',
          Properties: {
            Engine: 'aurora-mysql',
            DBClusterIdentifier: { Ref: 'Cluster' },
            DBInstanceClass: 'db.r6g.large',
            ...(instanceParams ? { DBParameterGroupName: { Ref: 'InstanceParams' } } : {}),
          },
        },
      },
    };
  }

  test("the writer's DB parameter group turning slow_query_log off fails, on that group", () => {
    const f = findings(auroraMysql({ slow_query_log: '0', max_connections: '500' }), 'RdsLogExports');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].resource).toBe('InstanceParams');
    expect(f[0].message).toMatch(/instance Writer/);
  });

  test('a member override of log_output to TABLE fails', () => {
    expect(statuses(auroraMysql({ log_output: 'TABLE' }), 'RdsLogExports')).toEqual(['fail']);
  });

  test('a member override that keeps the slow query log on, or no override, passes', () => {
    expect(statuses(auroraMysql({ slow_query_log: '1', max_connections: '500' }), 'RdsLogExports')).toEqual(['pass']);
    expect(statuses(auroraMysql({ max_connections: '500' }), 'RdsLogExports')).toEqual(['pass']);
    expect(statuses(auroraMysql(undefined), 'RdsLogExports')).toEqual(['pass']);
  });
});

describe('RdsEngineVersionPinned: what a pinned version looks like per engine', () => {
  const db = (engine: string, version: string) => instance({ Engine: engine, EngineVersion: version, MasterUsername: 'admin', ManageMasterUserPassword: true });
  const cluster = (engine: string, version: string) => ({ Resources: { Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: engine, EngineVersion: version, MasterUsername: 'admin', ManageMasterUserPassword: true } } } });

  test.each([
    ['mysql', '8.0'],
    ['mysql', '5.7'],
    ['mariadb', '10.11'],
    ['postgres', '16'],
    ['sqlserver-se', '15.00'],
  ])('%s %s names the major version only: fail', (engine, version) => {
    expect(statuses(db(engine, version), 'RdsEngineVersionPinned')).toEqual(['fail']);
  });

  test.each([
    ['mysql', '8.0.35'],
    ['mariadb', '10.11.6'],
    ['postgres', '15.4'],
    ['sqlserver-se', '15.00.4345.5.v1'],
    ['oracle-ee', '19.0.0.0.ru-2024-01.rur-2024-01.r1'],
  ])('%s %s is pinned: pass', (engine, version) => {
    expect(statuses(db(engine, version), 'RdsEngineVersionPinned')).toEqual(['pass']);
  });

  test('Aurora MySQL: 8.0 and 5.7 fail, 8.0.mysql_aurora.3.05.2 passes; Aurora PostgreSQL 16.4 passes', () => {
    expect(statuses(cluster('aurora-mysql', '8.0'), 'RdsEngineVersionPinned')).toEqual(['fail']);
    expect(statuses(cluster('aurora-mysql', '5.7'), 'RdsEngineVersionPinned')).toEqual(['fail']);
    expect(statuses(cluster('aurora-mysql', '8.0.mysql_aurora.3.05.2'), 'RdsEngineVersionPinned')).toEqual(['pass']);
    expect(statuses(cluster('aurora-postgresql', '16.4'), 'RdsEngineVersionPinned')).toEqual(['pass']);
    expect(statuses(cluster('aurora-postgresql', '16'), 'RdsEngineVersionPinned')).toEqual(['fail']);
  });

  test('a version per engine from a mapping: the MySQL entry "8.0" makes it not pass', () => {
    const extra = {
      Parameters: { DBEngine: { Type: 'String', AllowedValues: ['mysql', 'postgres'], Default: 'postgres' } },
      Mappings: { EngineVersions: { mysql: { Version: '8.0' }, postgres: { Version: '16.4' } } },
    };
    const t = instance({ Engine: { Ref: 'DBEngine' }, EngineVersion: { 'Fn::FindInMap': ['EngineVersions', { Ref: 'DBEngine' }, 'Version'] }, MasterUsername: 'admin', ManageMasterUserPassword: true }, undefined, extra);
    expect(statuses(t, 'RdsEngineVersionPinned')).not.toContain('pass');
    const fixed = { ...extra, Mappings: { EngineVersions: { mysql: { Version: '8.0.36' }, postgres: { Version: '16.4' } } } };
    const t2 = instance({ Engine: { Ref: 'DBEngine' }, EngineVersion: { 'Fn::FindInMap': ['EngineVersions', { Ref: 'DBEngine' }, 'Version'] }, MasterUsername: 'admin', ManageMasterUserPassword: true }, undefined, fixed);
    expect(statuses(t2, 'RdsEngineVersionPinned')).toEqual(['pass']);
  });
});

describe('RdsDatabaseProvisioned: an Aurora cluster with no instance', () => {
  const cluster = (extra: Record<string, any> = {}) => ({
    Db: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', EngineVersion: '16.4', MasterUsername: 'app', ManageMasterUserPassword: true, StorageEncrypted: true, ...extra } },
  });
  const status = (resources: Record<string, any>) => new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate({ Resources: resources })
    .findings.filter((f) => f.ruleId === 'RdsDatabaseProvisioned').map((f) => [f.status, f.message]);
  test('no DB instance joins it in the template: unknown, naming why', () => {
    expect(status(cluster())).toEqual([['unknown', expect.stringMatching(/has no DB instance in this template/)]]);
  });
  test('with a writer instance it passes; Aurora Serverless v1 has no instances by design', () => {
    const writer = { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Db' }, Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large' } };
    expect(status({ ...cluster(), Writer: writer }).map(([s]) => s)).toEqual(['pass']);
    expect(status(cluster({ EngineMode: 'serverless', EngineVersion: '13.12' })).map(([s]) => s)).toEqual(['pass']);
  });
});
