/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ALARM-CPU, ALARM-MEMORY, ALARM-DB-CONNECTIONS and DASHBOARD-INFRASTRUCTURE read Amazon DocumentDB and Amazon Neptune
 * (before, their rules read AWS/RDS metrics only: a DocumentDB or Neptune cluster was "a database no rule reads" for
 * those items, which stayed pending whatever alarms the app had, and no verdict said a cluster had no alarm at all).
 * They are judged as RDS is (`rdsAlarmVerdict`: the cluster, or every member instance), on the metric in the
 * service's namespace (AWS/DocDB, AWS/Neptune: an AWS/RDS alarm naming them has no data), with the dimension sets
 * AWS publishes (per instance, cluster, cluster + Role; Neptune also cluster + EngineName neptune), the worst of the
 * instances over a cluster (`spreadOver`), each role covered (`roleCover`). DocumentDB's connection alarm is judged
 * against its connection limit per instance class (fixed by AWS); Neptune publishes no DatabaseConnections (set aside
 * in kinds.ts). The dashboard rows count in the service's namespace only.
 */
import { GoLiveChecks } from '../../../lib';
import { ruleReads } from '../../../lib/checks/golive-checks';
import { NOT_ABOUT, RESOURCE_KINDS, unreadFor } from '../../../lib/checks/kinds';
import { applyPatch, compliantBases, PatchOp, R, set } from './fixtures';
import { findingsOn, oneFindingOn } from './judged';

const ENV = { region: 'eu-west-1', account: '111111111111' };
const bases = compliantBases();
const neptune = (ops: PatchOp[] = []) => applyPatch(bases.get('database-neptune'), ops);

const on = findingsOn;
const one = oneFindingOn;

const cluster = (id = 'Docs') => [{ Name: 'DBClusterIdentifier', Value: { Ref: id } }];
/** A single-metric alarm notifying `Topic`. */
function alarm(namespace: string, metric: string, props: Record<string, unknown> = {}): any {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: namespace, MetricName: metric, Dimensions: cluster(), Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold', Threshold: 80, AlarmActions: [{ Ref: 'Topic' }], ...props,
    },
  };
}
const cpu = (props: Record<string, unknown> = {}) => alarm('AWS/DocDB', 'CPUUtilization', props);
const memory = (props: Record<string, unknown> = {}) => alarm('AWS/DocDB', 'FreeableMemory', { Statistic: 'Minimum', ComparisonOperator: 'LessThanThreshold', Threshold: 1073741824, ...props });
const connections = (props: Record<string, unknown> = {}) => alarm('AWS/DocDB', 'DatabaseConnections', { Threshold: 3000, ...props });

/** A dashboard with one row per [namespace, metric] on the DocumentDB cluster. */
function dashboard(rows: [string, string][]): any {
  const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","stat":"Maximum","metrics":['];
  rows.forEach(([ns, m], i) => pieces.push(`${i ? ',' : ''}["${ns}","${m}","DBClusterIdentifier","`, { Ref: 'Docs' }, '"]'));
  pieces.push(']}}]}');
  return { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
}
const DOCDB_ROWS: [string, string][] = [['AWS/DocDB', 'CPUUtilization'], ['AWS/DocDB', 'FreeableMemory'], ['AWS/DocDB', 'VolumeBytesUsed'], ['AWS/DocDB', 'DatabaseConnections']];

/** A DocumentDB cluster of two db.r6g.large instances, with `extra` resources (alarms, a dashboard). */
function docdb(extra: Record<string, unknown> = {}, instance: Record<string, unknown> = {}, props: Record<string, unknown> = {}): any {
  return {
    Parameters: { Stat: { Type: 'String' } },
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Docs: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { EngineVersion: '5.0.0', StorageEncrypted: true, BackupRetentionPeriod: 30, DeletionProtection: true, ...props } },
      DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large', ...instance } },
      DocsB: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large', ...instance } },
      ...extra,
    },
  };
}

describe('the table of kinds: DocumentDB and Neptune are judged', () => {
  test('the four items read both (or set Neptune aside for connections): no DocDB/Neptune cluster or instance is left unread', () => {
    const reads = ruleReads();
    const kind = RESOURCE_KINDS.find((k) => k.name === 'a database')!;
    const left = (item: string) => unreadFor(item, [kind], new Set(reads.filter((r) => r.items.includes(item)).flatMap((r) => r.types)))
      .map((u) => u.type).filter((t) => /DocDB::DB|Neptune::DB/.test(t));
    for (const i of ['ALARM-CPU', 'ALARM-MEMORY', 'ALARM-DB-CONNECTIONS', 'DASHBOARD-INFRASTRUCTURE']) expect([i, left(i)]).toEqual([i, []]);
    expect(kind.judged).toEqual(expect.arrayContaining(['AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance']));
    expect(kind.unread).toEqual(expect.arrayContaining(['AWS::DocDBElastic::Cluster', 'AWS::NeptuneGraph::Graph']));
    expect(NOT_ABOUT['ALARM-DB-CONNECTIONS']['AWS::Neptune::DBCluster']).toMatch(/Neptune publishes no DatabaseConnections/);
    expect(NOT_ABOUT['ALARM-DB-CONNECTIONS']['AWS::DocDB::DBCluster']).toBeUndefined();
  });

  test('a DocumentDB cluster with its alarms and dashboard satisfies the four items (were pending: a database no rule read)', () => {
    const items = ['ALARM-CPU', 'ALARM-MEMORY', 'ALARM-DB-CONNECTIONS', 'DASHBOARD-INFRASTRUCTURE'];
    const t = docdb({ Cpu: cpu(), Mem: memory(), Conns: connections(), Dash: dashboard(DOCDB_ROWS) });
    const report = new GoLiveChecks({ items, printSummary: false, writeReports: false }).checkTemplate(t, 'T', ENV);
    expect(items.map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
  });
});

describe('DocumentDB alarms', () => {
  test('no alarm: each alarm rule fails on the cluster, none on its instances (were no finding)', () => {
    const t = docdb();
    expect(one(t, 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Docs/);
    expect(one(t, 'Docs', 'AlarmMemory')).toMatch(/^AlarmMemory fail: no FreeableMemory alarm watches Docs/);
    expect(one(t, 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections fail: no DatabaseConnections alarm watches Docs/);
    expect(on(t, 'DocsA', ['AlarmCpu', 'AlarmMemory', 'AlarmDbConnections'])).toEqual([]);
  });

  test('an alarm on AWS/RDS naming the DocumentDB cluster has no data: it fails (DocumentDB publishes in AWS/DocDB)', () => {
    const t = docdb({ Cpu: alarm('AWS/RDS', 'CPUUtilization') });
    expect(one(t, 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Docs/);
  });

  test('the cluster alarm reads the Maximum of its instances: passes; the Average over two fails', () => {
    expect(one(docdb({ Cpu: cpu() }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    expect(one(docdb({ Cpu: cpu({ Statistic: 'Average' }) }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu reads the Average over the 2 instances of cluster Docs/);
    expect(one(docdb({ Mem: memory({ Statistic: 'Average' }) }), 'Docs', 'AlarmMemory')).toMatch(/^AlarmMemory fail: freeable memory: alarm Mem reads the Average over the 2 instances of cluster Docs/);
  });

  test('the threshold above cpuPercent fails; a statistic from a parameter is unknown', () => {
    expect(one(docdb({ Cpu: cpu({ Threshold: 95 }) }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*95/);
    expect(one(docdb({ Cpu: cpu({ Statistic: { Ref: 'Stat' } }) }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu unknown: /);
  });

  test('an alarm without an action fails', () => {
    expect(one(docdb({ Cpu: cpu({ AlarmActions: undefined }) }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*(action|notif)/i);
  });

  test('an alarm on one role of a two-instance cluster leaves the other unwatched: fail', () => {
    const t = docdb({ Cpu: cpu({ Dimensions: [...cluster(), { Name: 'Role', Value: 'WRITER' }] }) });
    expect(one(t, 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu watches only the WRITER instance of cluster Docs, which has 2 instances/);
  });

  test('alarms on every member instance cover the cluster; on one of them only, the other is not covered', () => {
    const inst = (id: string) => cpu({ Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: id } }], Statistic: 'Average' });
    expect(one(docdb({ CpuA: inst('DocsA'), CpuB: inst('DocsB') }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu pass: every member instance is covered \(DocsA, DocsB\)/);
    expect(one(docdb({ CpuA: inst('DocsA') }), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: member DocsB is not covered/);
  });

  test('a cluster named in the template is stored (and published) in lower case: an alarm on the lower-case name passes, one on the name as written does not', () => {
    const named = (dim: string) => docdb({ Cpu: cpu({ Dimensions: [{ Name: 'DBClusterIdentifier', Value: dim }] }) }, {}, { DBClusterIdentifier: 'Orders-Docs' });
    expect(one(named('orders-docs'), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    expect(one(named('Orders-Docs'), 'Docs', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Docs/);
  });

  test('connections: at most 90 % of the class\'s connection limit (db.r6g.large: 3400) passes; above fails; db.serverless is unknown', () => {
    expect(one(docdb({ Conns: connections() }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections pass: .*DocumentDB connection limit of db\.r6g\.large = 3400/);
    expect(one(docdb({ Conns: connections({ Threshold: 3300 }) }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections fail: .*90 % of the connection limit 3400/);
    expect(one(docdb({ Conns: connections() }, { DBInstanceClass: 'db.t3.medium' }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections fail: .*connection limit 1000/);
    expect(one(docdb({ Conns: connections() }, { DBInstanceClass: 'db.serverless' }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections unknown: .*connection limit of instance class db\.serverless is not in the table/);
  });

  test('connections: a SampleCount counts data points, not connections (fail); the Average over two instances fails', () => {
    expect(one(docdb({ Conns: connections({ Statistic: 'SampleCount' }) }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections fail: .*SampleCount/);
    expect(one(docdb({ Conns: connections({ Statistic: 'Average' }) }), 'Docs', 'AlarmDbConnections')).toMatch(/^AlarmDbConnections fail: database connections: alarm Conns reads the Average over the 2 instances/);
  });
});

describe('Neptune alarms (compliant base database-neptune)', () => {
  test('the base\'s cluster alarms pass: CPU (Maximum), freeable memory (Minimum); no connection finding', () => {
    const t = neptune();
    expect(one(t, 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    expect(one(t, 'Graph', 'AlarmMemory')).toMatch(/^AlarmMemory pass:/);
    expect(on(t, 'Graph', ['AlarmDbConnections'])).toEqual([]);
  });

  test('no CPU alarm fails; one in AWS/RDS has no data (fail); the Average over two instances fails', () => {
    const none = neptune([{ op: 'delete', path: R('GraphCpuAlarm') }]);
    expect(one(none, 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Graph/);
    expect(one(neptune([set(R('GraphCpuAlarm', 'Properties', 'Namespace'), 'AWS/RDS')]), 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Graph/);
    expect(one(neptune([set(R('GraphCpuAlarm', 'Properties', 'Statistic'), 'Average')]), 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm GraphCpuAlarm reads the Average over the 2 instances of cluster Graph/);
  });

  test('the cluster with EngineName neptune is a set AWS publishes; another engine name has no data', () => {
    const dims = (engine: string) => [set(R('GraphCpuAlarm', 'Properties', 'Dimensions'), [...cluster('Graph'), { Name: 'EngineName', Value: engine }])];
    expect(one(neptune(dims('neptune')), 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    expect(one(neptune(dims('aurora')), 'Graph', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*EngineName is aurora: AWS publishes neptune/);
  });

  test('a memory alarm on the READER role only of a two-instance cluster fails; in another Unit it has no data', () => {
    const reader = neptune([set(R('GraphFreeableMemoryAlarm', 'Properties', 'Dimensions'), [...cluster('Graph'), { Name: 'Role', Value: 'READER' }])]);
    expect(one(reader, 'Graph', 'AlarmMemory')).toMatch(/^AlarmMemory fail: freeable memory: alarm GraphFreeableMemoryAlarm watches only the READER instances of cluster Graph/);
    const unit = neptune([set(R('GraphFreeableMemoryAlarm', 'Properties', 'Unit'), 'Percent')]);
    expect(one(unit, 'Graph', 'AlarmMemory')).toMatch(/^AlarmMemory fail: .*publishes it in Bytes/);
  });
});

describe('DASHBOARD-INFRASTRUCTURE on DocumentDB and Neptune', () => {
  test('DocumentDB: CPU, memory, storage and connections rows in AWS/DocDB pass; rows in AWS/RDS show nothing of it (fail)', () => {
    expect(one(docdb({ Dash: dashboard(DOCDB_ROWS) }), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure pass: dashboard shows CPU, memory, storage, connections of Docs/);
    const rds = dashboard(DOCDB_ROWS.map(([, m]) => ['AWS/RDS', m] as [string, string]));
    expect(one(docdb({ Dash: rds }), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage, connections of Docs/);
    expect(one(docdb({ Dash: dashboard(DOCDB_ROWS.slice(0, 3)) }), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show connections of Docs/);
    expect(one(docdb(), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: no dashboard shows Docs/);
  });

  test('Neptune: the base shows CPU, memory and storage of the cluster (pass); without the storage row it fails', () => {
    expect(one(neptune(), 'Graph', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure pass: dashboard shows CPU, memory, storage of Graph/);
    const t = neptune();
    const pieces: any[] = t.Resources.Dashboard9E4231ED.Properties.DashboardBody['Fn::Join'][1];
    const i = pieces.findIndex((p) => typeof p === 'string' && p.includes('VolumeBytesUsed'));
    pieces[i] = pieces[i].replace('VolumeBytesUsed', 'VolumeReadIOPs');
    expect(one(t, 'Graph', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard .* does not show storage of Graph/);
  });
});
