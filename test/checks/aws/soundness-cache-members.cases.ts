/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A replication group's engine CPU and memory alarms (AlarmCpu, AlarmMemory). ElastiCache publishes them per member
 * cache cluster, not per group; an alarm on member -001 passed for the whole group, whose other members went
 * unwatched (after a failover another member is the primary, and replicas serve reads). Now the alarms must watch every
 * member the template shows (-001 to -00N; -SSSS-NNN in cluster mode), or the group fails naming the members missed;
 * members not known at synth leave it unknown.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checks } from './judged';

const cache = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant', 'cache.json'), 'utf8'));
const ALARMS = { cpu: 'EngineCpu00204687BC2', memory: 'Memory0027D64C939' };
const onGroup = (t: any, rule: string) => checks.checkTemplate(t).findings.filter((f) => f.ruleId === rule && f.resource === 'Cache').map((f) => [f.status, f.message]);
/** A copy of the member -001 alarm of `metric` on `member`. */
const alarmOn = (t: any, like: string, member: string) => {
  const a = JSON.parse(JSON.stringify(t.Resources[like]));
  a.Properties.Dimensions = [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['-', [{ Ref: 'Cache' }, ...member.split('-').slice(1)]] } }];
  return a;
};
const firstCpu = (t: any) => Object.keys(t.Resources).find((k) => k.startsWith('EngineCpu001'))!;
const firstMemory = (t: any) => Object.keys(t.Resources).find((k) => k.startsWith('Memory001'))!;

test('the base: alarms on both members of the group pass, saying so', () => {
  expect(onGroup(cache(), 'AlarmCpu')).toEqual([['pass', expect.stringContaining('alarms watch every member of Cache (-001, -002)')]]);
  expect(onGroup(cache(), 'AlarmMemory').map((v) => v[0])).toEqual(['pass']);
});

test.each([['AlarmCpu', ALARMS.cpu], ['AlarmMemory', ALARMS.memory]])('%s: an alarm on member -001 only fails, naming -002', (rule, second) => {
  const t = cache();
  delete t.Resources[second];
  expect(onGroup(t, rule)).toEqual([['fail', expect.stringContaining('of Cache, not -002')]]);
});

test('three members with alarms on two: fail; an alarm added on the third: pass', () => {
  const t = cache();
  t.Resources.Cache.Properties.NumCacheClusters = 3;
  expect(onGroup(t, 'AlarmCpu')[0][0]).toBe('fail');
  t.Resources.EngineCpu003 = alarmOn(t, firstCpu(t), '-003');
  expect(onGroup(t, 'AlarmCpu')[0][0]).toBe('pass');
});

test('cluster mode: every member of every node group (-SSSS-NNN)', () => {
  const t = cache();
  const props = t.Resources.Cache.Properties;
  delete props.NumCacheClusters;
  Object.assign(props, { NumNodeGroups: 2, ReplicasPerNodeGroup: 1, CacheParameterGroupName: 'default.valkey8.cluster.on' });
  for (const k of Object.keys(t.Resources)) if (/^(EngineCpu|Memory)00/.test(k) && k !== firstCpu(t) && k !== firstMemory(t)) delete t.Resources[k];
  const cpu = firstCpu(t);
  t.Resources[cpu] = alarmOn(t, cpu, '-0001-001');
  expect(onGroup(t, 'AlarmCpu')).toEqual([['fail', expect.stringContaining('not -0001-002, -0002-001, -0002-002')]]);
  for (const m of ['-0001-002', '-0002-001', '-0002-002']) t.Resources[`Cpu${m.replace(/-/g, '')}`] = alarmOn(t, cpu, m);
  expect(onGroup(t, 'AlarmCpu')[0][0]).toBe('pass');
});

test('members decided at deploy time (a parameter): unknown, naming it', () => {
  const t = cache();
  t.Parameters = { ...(t.Parameters ?? {}), Members: { Type: 'Number' } };
  t.Resources.Cache.Properties.NumCacheClusters = { Ref: 'Members' };
  expect(onGroup(t, 'AlarmCpu')).toEqual([['unknown', expect.stringContaining('NumCacheClusters of Cache is decided at deploy time')]]);
});
