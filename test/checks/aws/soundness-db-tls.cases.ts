/* eslint-disable @typescript-eslint/no-explicit-any */
import { GoLiveChecks } from '../../../lib';

/**
 * Soundness of TLS in transit to the data tier, on both ends:
 * - the server (RdsTlsEnforced): the TLS versions Aurora MySQL 3 admits when
 *   the cluster parameter group does not set `tls_version` depend on the minor
 *   version (Aurora User Guide, "TLS versions for Aurora MySQL": below 3.04.0
 *   TLS 1.0/1.1 are deprecated but supported and the default admits every
 *   supported version; 3.04.0 and higher support TLS 1.2/1.3 only);
 * - the client (ConfigEndpointsFromStack): connection URLs built with Fn::Sub /
 *   Fn::Join are judged on their literal parts (scheme, host, sslmode), and a
 *   PostgreSQL URL without sslmode uses libpq's default `prefer`, which falls
 *   back to plain text, unless the server forces TLS.
 * Each case marked "was pass" passed before this file; the compliant form next
 * to it still passes.
 */
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function findings(template: any, ruleId: string) {
  return checks.checkTemplate(template, 'soundness').findings.filter((f) => f.ruleId === ruleId);
}
function statuses(template: any, ruleId: string): string[] {
  return findings(template, ruleId).map((f) => f.status);
}

// ---------------------------------------------------------------- server side

/** An Aurora MySQL cluster whose cluster parameter group holds `params`; `version` undefined: EngineVersion not set. */
function auroraMysql(version: any, params: any = { require_secure_transport: 'ON' }, extra: any = {}): any {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...extra,
    Resources: {
      ClusterParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-mysql8.0', Description: 'cluster', Parameters: params } },
      Cluster: {
        Type: 'AWS::RDS::DBCluster',
        Properties: {
          Engine: 'aurora-mysql',
          ...(version === undefined ? {} : { EngineVersion: version }),
          DBClusterParameterGroupName: { Ref: 'ClusterParams' },
          MasterUsername: 'admin',
          ManageMasterUserPassword: true,
          StorageEncrypted: true,
        },
      },
    },
  };
}

describe('RdsTlsEnforced: Aurora MySQL 3 without tls_version', () => {
  test('3.01-3.03 admit TLS 1.0/1.1 by default: fail on the group (was pass)', () => {
    for (const v of ['8.0.mysql_aurora.3.02.0', '8.0.mysql_aurora.3.03.1']) {
      const f = findings(auroraMysql(v), 'RdsTlsEnforced');
      expect(f.map((x) => x.status)).toEqual(['fail']);
      expect(f[0].resource).toBe('ClusterParams');
      expect(f[0].message).toMatch(/TLS 1\.0/);
      expect(f[0].message).toMatch(/3\.04/);
    }
  });

  test('3.04.0 and later support TLS 1.2/1.3 only: pass; tls_version TLSv1.2 on 3.02 passes', () => {
    for (const v of ['8.0.mysql_aurora.3.04.0', '8.0.mysql_aurora.3.05.2', '8.0.mysql_aurora.3.10.0']) {
      expect(statuses(auroraMysql(v), 'RdsTlsEnforced')).toEqual(['pass']);
    }
    expect(statuses(auroraMysql('8.0.mysql_aurora.3.02.0', { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' }), 'RdsTlsEnforced')).toEqual(['pass']);
  });

  test('require_secure_transport is what refuses plain text: not set still fails on 3.05', () => {
    const f = findings(auroraMysql('8.0.mysql_aurora.3.05.2', {}), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/require_secure_transport/);
  });

  test('EngineVersion not set (RDS picks the version at deploy time): unknown, naming EngineVersion (was pass)', () => {
    const f = findings(auroraMysql(undefined), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/EngineVersion/);
  });

  test('EngineVersion from an open parameter: unknown (was pass); from AllowedValues with a 3.03: unknown naming the value', () => {
    const open = { Parameters: { AuroraVersion: { Type: 'String', Default: '8.0.mysql_aurora.3.05.2' } } };
    const f = findings(auroraMysql({ Ref: 'AuroraVersion' }, undefined, open), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/EngineVersion/);
    const allowed = { Parameters: { AuroraVersion: { Type: 'String', AllowedValues: ['8.0.mysql_aurora.3.03.1', '8.0.mysql_aurora.3.05.2'], Default: '8.0.mysql_aurora.3.05.2' } } };
    // As for RDS for MySQL (soundness-database.cases.ts): the verdict of the 3.03 world is reported on the group.
    const g = findings(auroraMysql({ Ref: 'AuroraVersion' }, undefined, allowed), 'RdsTlsEnforced').filter((x) => x.resource === 'ClusterParams');
    expect(g.map((x) => x.status)).toEqual(['unknown']);
    expect(g[0].message).toMatch(/3\.03\.1/);
  });

  test('a version that names Aurora MySQL 3 without its minor (8.0) is unknown, not pass', () => {
    const f = findings(auroraMysql('8.0'), 'RdsTlsEnforced');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
  });
});

// ---------------------------------------------------------------- client side

const sub = (s: string, vars?: any) => ({ 'Fn::Sub': vars ? [s, vars] : s });
const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });

/** Data stores an application may point at. */
const STORES: Record<string, any> = {
  AuroraPg: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', EngineVersion: '16.4', MasterUsername: 'app', ManageMasterUserPassword: true, StorageEncrypted: true } },
  ForcedParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-postgresql16', Description: 'forced', Parameters: { 'rds.force_ssl': '1' } } },
  ForcedPg: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', EngineVersion: '16.4', DBClusterParameterGroupName: { Ref: 'ForcedParams' }, MasterUsername: 'app', ManageMasterUserPassword: true, StorageEncrypted: true } },
  AuroraMy: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2', MasterUsername: 'app', ManageMasterUserPassword: true, StorageEncrypted: true } },
  Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'cache', Engine: 'valkey', CacheNodeType: 'cache.t4g.small', TransitEncryptionEnabled: true } },
  Jobs: { Type: 'AWS::SQS::Queue' },
  Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] } },
};

/** An ECS service whose application container sets `env` (name → value). */
function service(env: Record<string, any>, extra: any = {}): any {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...extra,
    Resources: {
      ...STORES,
      EcsCluster: { Type: 'AWS::ECS::Cluster' },
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '256', Memory: '512',
          ContainerDefinitions: [{ Name: 'app', Image: 'public.ecr.aws/docker/library/node:22', Essential: true, Environment: Object.entries(env).map(([Name, Value]) => ({ Name, Value })) }],
        },
      },
      Svc: {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: { Ref: 'EcsCluster' }, TaskDefinition: { Ref: 'Task' }, DesiredCount: 2, LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'] } },
        },
      },
      ...(extra.Resources ?? {}),
    },
  };
}

const ENDPOINTS = 'ConfigEndpointsFromStack';

describe('ConfigEndpointsFromStack: PostgreSQL URLs without a TLS-requiring sslmode', () => {
  test('Fn::Sub postgres://${Db.Endpoint.Address}:5432/app (libpq default sslmode=prefer) to Aurora PostgreSQL: fail (was pass)', () => {
    const f = findings(service({ DATABASE_URL: sub('postgres://${AuroraPg.Endpoint.Address}:5432/app') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/DATABASE_URL/);
    expect(f[0].message).toMatch(/sslmode/);
    expect(f[0].message).toMatch(/prefer/);
  });

  test('the same URL built with Fn::Join: fail (was pass)', () => {
    const join = { 'Fn::Join': ['', ['postgresql://', getAtt('AuroraPg', 'Endpoint.Address'), ':', getAtt('AuroraPg', 'Endpoint.Port'), '/app']] };
    expect(statuses(service({ DATABASE_URL: join }), ENDPOINTS)).toEqual(['fail']);
  });

  test('sslmode=require / verify-full pass; sslmode=prefer and allow fail', () => {
    expect(statuses(service({ DATABASE_URL: sub('postgres://${AuroraPg.Endpoint.Address}:5432/app?sslmode=require') }), ENDPOINTS)).toEqual(['pass']);
    expect(statuses(service({ DATABASE_URL: sub('postgresql://app@${AuroraPg.Endpoint.Address}:5432/app?application_name=web&sslmode=verify-full') }), ENDPOINTS)).toEqual(['pass']);
    expect(statuses(service({ DATABASE_URL: sub('postgres://${AuroraPg.Endpoint.Address}:5432/app?sslmode=prefer') }), ENDPOINTS)).toEqual(['fail']);
    expect(statuses(service({ DATABASE_URL: sub('postgres://${AuroraPg.Endpoint.Address}:5432/app?sslmode=allow') }), ENDPOINTS)).toEqual(['fail']);
  });

  test('a literal external PostgreSQL URL without sslmode: fail (was pass as an external service)', () => {
    const f = findings(service({ ANALYTICS_URL: 'postgres://analytics.example.com:5432/events' }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/sslmode/);
  });

  test('no sslmode, but the database forces TLS (rds.force_ssl = 1 in its cluster parameter group): pass, saying so', () => {
    const f = findings(service({ DATABASE_URL: sub('postgres://${ForcedPg.Endpoint.Address}:5432/app') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/rds\.force_ssl/);
  });

  test('no sslmode, and rds.force_ssl is chosen by a condition: unknown, never pass', () => {
    const extra = {
      Parameters: { Stage: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'prod' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
      Resources: { ForcedParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-postgresql16', Description: 'p', Parameters: { 'rds.force_ssl': { 'Fn::If': ['IsProd', '1', '0'] } } } } },
    };
    expect(statuses(service({ DATABASE_URL: sub('postgres://${ForcedPg.Endpoint.Address}:5432/app') }, extra), ENDPOINTS)).toEqual(['unknown']);
  });

  test('a host from an open parameter with sslmode=disable in the literal part: fail (was unknown); without sslmode: unknown', () => {
    const extra = { Parameters: { DbHost: { Type: 'String' } } };
    const f = findings(service({ DATABASE_URL: sub('postgres://${DbHost}:5432/app?sslmode=disable') }, extra), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/sslmode=disable/);
    expect(statuses(service({ DATABASE_URL: sub('postgres://${DbHost}:5432/app') }, extra), ENDPOINTS)).toEqual(['unknown']);
  });

  test('MySQL URL to Aurora MySQL without a TLS mode: fail (was pass); ssl-mode=REQUIRED passes', () => {
    const f = findings(service({ DATABASE_URL: sub('mysql://${AuroraMy.Endpoint.Address}:3306/app') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/ssl-mode/);
    expect(statuses(service({ DATABASE_URL: sub('mysql://${AuroraMy.Endpoint.Address}:3306/app?ssl-mode=REQUIRED') }), ENDPOINTS)).toEqual(['pass']);
  });
});

describe('ConfigEndpointsFromStack: loopback hosts and plain-text schemes in Fn::Sub / Fn::Join', () => {
  test('Fn::Sub http://127.0.0.1:${Port}/... with Port an open parameter: fail (was unknown)', () => {
    const extra = { Parameters: { Port: { Type: 'String', Default: '9324' } } };
    const f = findings(service({ JOBS_QUEUE_URL: sub('http://127.0.0.1:${Port}/queue/jobs') }, extra), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/127\.0\.0\.1/);
  });

  test('Fn::Sub http://localhost:${Q}/ with Q a resource attribute: fail (was pass)', () => {
    const f = findings(service({ JOBS_QUEUE_URL: sub('http://localhost:9324/queue/${Q}', { Q: getAtt('Jobs', 'QueueName') }) }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/localhost/);
  });

  test('Fn::Join redis:// + the cache address: fail; rediss:// passes', () => {
    const redis = (scheme: string) => ({ 'Fn::Join': ['', [scheme, getAtt('Cache', 'PrimaryEndPoint.Address'), ':6379']] });
    const f = findings(service({ REDIS_URL: redis('redis://') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/rediss/);
    expect(statuses(service({ REDIS_URL: redis('rediss://') }), ENDPOINTS)).toEqual(['pass']);
  });

  test('Fn::Sub http://${Alb.DNSName}/api (plain-text HTTP): fail (was pass); https:// passes', () => {
    const f = findings(service({ ORDERS_API_URL: sub('http://${Alb.DNSName}/api') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/http:\/\//);
    expect(statuses(service({ ORDERS_API_URL: sub('https://${Alb.DNSName}/api') }), ENDPOINTS)).toEqual(['pass']);
  });

  test('a Fn::Sub that hard-codes an RDS host around a reference: fail (was pass)', () => {
    const v = sub('postgres://app.cluster-abc123.eu-west-1.rds.amazonaws.com:5432/${Name}?sslmode=require', { Name: getAtt('Jobs', 'QueueName') });
    const f = findings(service({ DATABASE_URL: v }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/rds\.amazonaws\.com/);
  });

  test('a URL written around a secret password is judged on the rest: no sslmode fails (was pass); sslmode=require passes', () => {
    const url = (q: string) => sub('postgres://app:{{resolve:secretsmanager:db:SecretString:password}}@${AuroraPg.Endpoint.Address}:5432/app' + q);
    const f = findings(service({ DATABASE_URL: url('') }), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/sslmode/);
    expect(statuses(service({ DATABASE_URL: url('?sslmode=require') }), ENDPOINTS)).toEqual(['pass']);
    expect(statuses(service({ DATABASE_URL: '{{resolve:secretsmanager:db-url}}' }), ENDPOINTS)).toEqual(['pass']);
  });

  test('no sslmode to an RDS Proxy that requires TLS passes; one that does not fails', () => {
    const proxy = (requireTls: boolean) => ({ Resources: { Proxy: { Type: 'AWS::RDS::DBProxy', Properties: { EngineFamily: 'POSTGRESQL', RequireTLS: requireTls, Auth: [], RoleArn: 'arn:aws:iam::111122223333:role/proxy', VpcSubnetIds: ['subnet-0123456789abcdef0'] } } } });
    const env = { DATABASE_URL: sub('postgres://${Proxy.Endpoint}:5432/app') };
    const f = findings(service(env, proxy(true)), ENDPOINTS);
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/RequireTLS/);
    expect(statuses(service(env, proxy(false)), ENDPOINTS)).toEqual(['fail']);
  });

  test('references and secrets still pass: DATABASE_HOST from the endpoint attribute, queue URL by Ref, external https', () => {
    expect(statuses(service({
      DATABASE_HOST: getAtt('AuroraPg', 'Endpoint.Address'),
      JOBS_QUEUE_URL: { Ref: 'Jobs' },
      PAYMENTS_API_URL: 'https://api.stripe.com',
      DATABASE_URL: sub('postgresql://app@${AuroraPg.Endpoint.Address}:${AuroraPg.Endpoint.Port}/app?sslmode=verify-full'),
    }), ENDPOINTS)).toEqual(['pass']);
  });
});
