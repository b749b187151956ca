import { Severity } from '../../model';
import { AwsRule, fail, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { defaultMaxConnectionsFormula, docdbConnectionLimit, evaluateMaxConnections, instanceClassMemoryBytes, serverlessMemoryBytes } from '../../../checklist/policy/instance-memory';
import { best, judgeUpper, label, levelStatistic, openAlarm, rdsAlarmVerdict, roleCover, spreadOver, watchedMetric, wrongAlarm } from '../../cfn/alarms';
import { DOCDB_CLUSTER, DOCDB_INSTANCE, isCluster, membersOf } from '../../cfn/databases';
import { dbKind } from './utilization';

type MaxConns = { value: number; how: string } | { why: string };

function clusterOf(index: TemplateIndex, inst: CfnResource): CfnResource | undefined {
  const c = index.prop(inst, 'DBClusterIdentifier');
  return c.k === 'ref' && c.target.type === 'AWS::RDS::DBCluster' ? c.target : undefined;
}

/** max_connections set by a parameter group, '' when it uses the engine default, or { why } when not knowable. */
function fromParameterGroup(index: TemplateIndex, res: CfnResource, prop: string, type: string): string | { why: string } {
  const v = index.prop(res, prop);
  if (v.k === 'absent') return '';
  if (v.k === 'ref' && v.target.type === type) {
    const p = index.prop(v.target, 'Parameters.max_connections');
    if (p.k === 'absent') return '';
    if (p.k === 'lit') return V.show(p);
    return { why: `max_connections of ${v.target.logicalId} is ${V.show(p)}` };
  }
  const name = V.str(v);
  if (name !== undefined && name.startsWith('default.')) return '';
  return { why: `parameter group ${V.show(v)} is not in this template` };
}

/** The max_connections of one instance, from its parameter groups or the engine default for its class. */
function instanceMaxConnections(index: TemplateIndex, inst: CfnResource): MaxConns {
  if (inst.type === DOCDB_INSTANCE) return docdbLimit(index, inst);
  const cluster = clusterOf(index, inst);
  const engine = V.str(index.prop(inst, 'Engine')) ?? (cluster ? V.str(index.prop(cluster, 'Engine')) : undefined);
  if (engine === undefined) return { why: `engine of ${inst.logicalId} not known at synth` };
  const cls = index.prop(inst, 'DBInstanceClass');
  const className = V.str(cls);
  if (className === undefined) return { why: `instance class of ${inst.logicalId} is ${V.show(cls)}` };
  let memory: number | undefined;
  let memoryHow: string;
  if (className === 'db.serverless') {
    const acu = cluster ? V.num(index.prop(cluster, 'ServerlessV2ScalingConfiguration.MaxCapacity')) : undefined;
    if (acu === undefined) return { why: `maximum capacity (ACU) of the Serverless v2 cluster of ${inst.logicalId} not known at synth` };
    memory = serverlessMemoryBytes(acu);
    memoryHow = `Serverless v2 at ${acu} ACU`;
  } else {
    memory = instanceClassMemoryBytes(className);
    memoryHow = className;
  }
  let param = fromParameterGroup(index, inst, 'DBParameterGroupName', 'AWS::RDS::DBParameterGroup');
  if (param === '' && cluster) param = fromParameterGroup(index, cluster, 'DBClusterParameterGroupName', 'AWS::RDS::DBClusterParameterGroup');
  if (typeof param !== 'string') return param;
  const formula = param !== '' ? param : defaultMaxConnectionsFormula(engine);
  if (formula === undefined) return { why: `default max_connections of engine ${engine} is not modelled; set max_connections in the parameter group` };
  const value = evaluateMaxConnections(formula, memory);
  if (value === undefined) {
    return memory === undefined
      ? { why: `memory of instance class ${className} is not in the table, so its default max_connections is not known` }
      : { why: `max_connections '${formula}' is not understood` };
  }
  return { value, how: `${param !== '' ? 'max_connections' : 'default'} ${formula} on ${memoryHow} = ${value}` };
}

/**
 * The connection limit of a DocumentDB instance: fixed per instance class by AWS (no parameter sets it), from the
 * table of its quotas page (`docdbConnectionLimit`); unknown for a class not in it (db.serverless: the limit follows
 * the capacity of the moment) or decided at deploy time.
 */
function docdbLimit(index: TemplateIndex, inst: CfnResource): MaxConns {
  const cls = index.prop(inst, 'DBInstanceClass');
  const className = V.str(cls);
  if (className === undefined) return { why: `instance class of ${inst.logicalId} is ${V.show(cls)}` };
  const value = docdbConnectionLimit(className);
  if (value === undefined) return { why: `the DocumentDB connection limit of instance class ${className} is not in the table (db.serverless: it follows the capacity of the moment)` };
  return { value, how: `DocumentDB connection limit of ${className} = ${value}` };
}

/** The max_connections a scope's alarm is judged against: the instance's, or the smallest member's for a cluster. */
function maxConnections(index: TemplateIndex, scope: CfnResource): MaxConns {
  if (!isCluster(scope)) return instanceMaxConnections(index, scope);
  const members = membersOf(scope, index);
  if (members.length === 0) return { why: `cluster ${scope.logicalId} has no instance in this template` };
  const all = members.map((m) => instanceMaxConnections(index, m));
  const bad = all.find((x): x is { why: string } => 'why' in x);
  if (bad) return bad;
  return (all as Array<{ value: number; how: string }>).reduce((a, b) => (b.value < a.value ? b : a));
}

/**
 * ALARM-DB-CONNECTIONS: an alarm on DatabaseConnections at or below dbConnectionsPercent of max_connections. The alarm
 * must read the metric as RDS publishes it (`watchedMetric`), compare its level (`levelStatistic`: Average, Maximum,
 * a percentile...; a SampleCount counts data points, one a minute, so `SampleCount > 100` never fires; a statistic
 * from an open parameter is unknown), over a cluster the busiest instance (`spreadOver`), and see enough data points
 * (`judge`'s `resolutionGap`: RDS publishes once a minute).
 * DocumentDB is judged the same way on AWS/DocDB DatabaseConnections, against its connection limit per instance class
 * (fixed by AWS: `docdbLimit`). Neptune publishes no DatabaseConnections and has no connection limit to compare with
 * (NOT_ABOUT in kinds.ts).
 */
export const AlarmDbConnections: AwsRule = {
  id: 'AlarmDbConnections',
  items: ['ALARM-DB-CONNECTIONS'],
  types: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', DOCDB_CLUSTER, DOCDB_INSTANCE],
  severity: Severity.MEDIUM,
  description: 'An RDS or DocumentDB cluster/instance has an alarm on DatabaseConnections at or below dbConnectionsPercent of max_connections (from the parameter group, or the engine default for the instance class; DocumentDB: its connection limit per instance class), with an action.',
  fix: 'Add a cloudwatch.Alarm on AWS/RDS (AWS/DocDB) DatabaseConnections with a threshold of at most 90 % of max_connections (PostgreSQL: LEAST(memory/9531392, 5000); DocumentDB: the limit of the instance class) and an SNS action.',
  check(res, { index, thresholds }) {
    const pct = thresholds.get('dbConnectionsPercent');
    return rdsAlarmVerdict(index, res, (scope, alarms) => {
      const entries: { verdict: Verdict; role?: string; alarm: string }[] = [];
      let max: MaxConns | undefined;
      for (const view of alarms) {
        const w = watchedMetric(index, view, dbKind(scope, ['DatabaseConnections']), [scope]);
        if (!w) continue;
        const push = (verdict: Verdict) => entries.push({ verdict, role: w.role, alarm: view.alarm.logicalId });
        if (w.wrong !== undefined) {
          push(wrongAlarm(view, { ...w, wrong: `database connections: ${w.wrong}` }));
          continue;
        }
        if (w.open !== undefined) {
          push(openAlarm(view, `database connections: ${w.open}`));
          continue;
        }
        // The number of connections is the level of DatabaseConnections (Average, Maximum...): a SampleCount is the
        // number of data points (1 a minute), a Sum adds them up over the period.
        const stat = w.metric ? levelStatistic(w.metric) : undefined;
        if (stat?.open !== undefined) {
          push(openAlarm(view, `database connections: alarm ${label(view)}: ${stat.open}`));
          continue;
        }
        if (stat?.wrong !== undefined) {
          push(fail(`${label(view)}.Statistic`, w.metric?.stat, `database connections: alarm ${label(view)}: ${stat.wrong}`));
          continue;
        }
        max ??= maxConnections(index, scope);
        if ('why' in max) {
          push(unknown(`${view.alarm.logicalId}.Threshold`, view.threshold, `database connections: cannot judge the threshold, ${max.why}`));
          continue;
        }
        const limit = (pct / 100) * max.value;
        const v = judgeUpper(index, view, limit, `database connections (${pct} % of ${scope.type === DOCDB_CLUSTER || scope.type === DOCDB_INSTANCE ? 'the connection limit' : 'max_connections'} ${max.value})`, ' connections');
        // A cluster-level alarm must read the busiest instance, not the Average over them (see spreadOver).
        const spread = v.status === 'pass' && isCluster(scope) && w.metric ? spreadOver(index, scope, view, w.metric.stat, w.role, 'upper', 'database connections') : undefined;
        push(spread ?? (v.status === 'pass' ? { ...v, message: `${v.message}; ${max.how}` } : v));
      }
      // An alarm on one role of an Aurora cluster (DBClusterIdentifier + Role) watches that role's instances only.
      const verdicts = roleCover(index, scope, 'database connections', entries);
      return { verdict: best(verdicts, () => fail(undefined, undefined, `no DatabaseConnections alarm watches ${scope.logicalId}`)), candidates: verdicts.length };
    });
  },
};
