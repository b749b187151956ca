/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A cluster-level RDS alarm (DBClusterIdentifier) reads one statistic over the data points of every instance of the
 * cluster. AlarmCpu and AlarmMemory passed one read with Average, the CDK's default for `cluster.metricCPUUtilization()`
 * and `metricFreeableMemory()`: over a writer at 100 % CPU and an idle reader it reads 55 %, and the alarm at 80 %
 * never fires. Now a cluster-level alarm over two or more instances must read the worst one (Maximum; Minimum for
 * free memory), or the cluster fails naming the statistic; an alarm on the writer's role (one instance) or on each
 * instance is judged as before.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checks } from './judged';

const database = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant', 'database.json'), 'utf8'));
const onCluster = (t: any, rule: string) => checks.checkTemplate(t).findings.filter((f) => f.ruleId === rule && f.resource === 'Db').map((f) => [f.status, f.message]);
const withStat = (alarm: string, stat: string, dims?: any[]) => {
  const t = database();
  t.Resources[alarm].Properties.Statistic = stat;
  if (dims) t.Resources[alarm].Properties.Dimensions = dims;
  return t;
};
const CPU = 'DbCpuAlarm';
const MEMORY = 'DbFreeableMemoryAlarm0B3BD5CD';
const cluster = { Name: 'DBClusterIdentifier', Value: { Ref: 'Db' } };

test('the base: the cluster\'s CPU read with Maximum and its free memory with Minimum pass', () => {
  expect(onCluster(database(), 'AlarmCpu').map((v) => v[0])).toEqual(['pass']);
  expect(onCluster(database(), 'AlarmMemory').map((v) => v[0])).toEqual(['pass']);
});

test('the Average of CPU over the writer and the reader: fail, naming the statistic and the instances', () => {
  expect(onCluster(withStat(CPU, 'Average'), 'AlarmCpu')).toEqual([['fail', expect.stringContaining('alarm DbCpuAlarm reads the Average over the 2 instances of cluster Db: one instance at the limit hides behind the others; read Maximum')]]);
});

test('the Average (or Maximum) of free memory over both instances: fail, asking for Minimum', () => {
  for (const stat of ['Average', 'Maximum']) {
    expect(onCluster(withStat(MEMORY, stat), 'AlarmMemory')).toEqual([['fail', expect.stringContaining('read Minimum')]]);
  }
});

test('p99 reads the worst instance too; p50 does not', () => {
  const percentile = (p: string) => {
    const t = database();
    delete t.Resources[CPU].Properties.Statistic;
    t.Resources[CPU].Properties.ExtendedStatistic = p;
    return onCluster(t, 'AlarmCpu')[0][0];
  };
  expect([percentile('p99'), percentile('p50')]).toEqual(['pass', 'fail']);
});

test('an Average on the writer\'s role covers one instance: judged as before (the reader then needs its own alarm)', () => {
  const t = withStat(CPU, 'Average', [cluster, { Name: 'Role', Value: 'WRITER' }]);
  t.Resources.ReaderCpu = JSON.parse(JSON.stringify(t.Resources[CPU]));
  t.Resources.ReaderCpu.Properties.Dimensions = [cluster, { Name: 'Role', Value: 'READER' }];
  expect(onCluster(t, 'AlarmCpu').map((v) => v[0])).toEqual(['pass']);
});

test('AlarmDbConnections: the Average of connections over both instances fails too; Maximum passes', () => {
  const CONNECTIONS = 'DbConnectionsAlarm7767BF57';
  expect(onCluster(database(), 'AlarmDbConnections').map((v) => v[0])).toEqual(['pass']);
  expect(onCluster(withStat(CONNECTIONS, 'Average'), 'AlarmDbConnections')).toEqual([['fail', expect.stringContaining('database connections: alarm DbConnectionsAlarm7767BF57 reads the Average over the 2 instances of cluster Db')]]);
});
