import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { elsewhereInRun } from '../../cfn/run';

const FLOW_LOG = 'AWS::EC2::FlowLog';

/** A flow log and the template it is read in. */
interface Log {
  readonly index: TemplateIndex;
  readonly log: CfnResource;
  /** How it is named in messages: its logical id, with its stack when it is another template's. */
  readonly name: string;
}

/** Whether a flow log records the VPC: `ResourceId` is the VPC (read in the log's own template) and the type is VPC. */
function records(other: TemplateIndex, f: CfnResource, vpc: CfnResource): boolean {
  const id = other.prop(f, 'ResourceId');
  return id.k === 'ref' && id.target === vpc && V.str(other.prop(f, 'ResourceType')) === 'VPC';
}

/**
 * NET-FLOW-LOGS: every VPC records its traffic in flow logs.
 *
 * Decisions: the VPC's flow logs are those of its template and those of the
 * run's other templates that import an export of the VPC (`Fn::ImportValue` of
 * its export name, `TemplateIndex.exportsOf`), each read in its own template.
 * A VPC that is exported while another template of the run holds a flow log
 * whose `ResourceId` does not resolve (an import by a name built from a
 * parameter, `!Sub '${ParentVPCStack}-VPC'`, or of an export no template of
 * the run holds, a parameter) may be recorded by it: unknown, naming the log,
 * when no flow log that is surely the VPC's passes. A VPC that is not exported
 * can be named by another stack only through a parameter: it still fails.
 */
export const VpcFlowLogs: AwsRule = {
  id: 'VpcFlowLogs',
  items: ['NET-FLOW-LOGS'],
  types: ['AWS::EC2::VPC'],
  severity: Severity.MEDIUM,
  description: 'Every VPC has a flow log of ALL (or at least REJECT) traffic delivered to a destination (in its template, or in another stack of the run that imports the VPC).',
  fix: 'new ec2.Vpc(..., { flowLogs: { all: { trafficType: FlowLogTrafficType.ALL, destination: FlowLogDestination.toCloudWatchLogs(logGroup) } } }).',
  check(res, { index }) {
    const logs: Log[] = index.referrers(res, FLOW_LOG).filter((f) => records(index, f, res)).map((log) => ({ index, log, name: log.logicalId }));
    const exports = index.exportsOf(res);
    for (const e of exports) {
      for (const { index: other, resource: f } of e.importers) {
        if (f.type !== FLOW_LOG || !other.exists(f) || !records(other, f, res)) continue;
        if (!logs.some((l) => l.log === f)) logs.push({ index: other, log: f, name: `${f.logicalId} of stack ${other.stack}` });
      }
    }
    let undecided: string | undefined;
    for (const { index: at, log: f, name } of logs) {
      const traffic = at.prop(f, 'TrafficType');
      const dest = [at.prop(f, 'LogDestination'), at.prop(f, 'LogGroupName')].find((d) => d.k !== 'absent');
      if (traffic.k === 'unknown' || dest?.k === 'unknown') { undecided = name; continue; }
      const t = V.str(traffic);
      if ((t === 'ALL' || t === 'REJECT') && dest) {
        return pass('FlowLog', name, `flow log ${name} records ${t} traffic to ${V.show(dest)}`);
      }
    }
    if (undecided) return unknown('FlowLog', undecided, `flow log ${undecided} traffic type or destination decided at deploy time`);
    if (exports.length > 0) {
      // A flow log of the run whose ResourceId is not read here (an import by a name built at deploy time) may be this VPC's.
      const maybe = elsewhereInRun(index, FLOW_LOG).filter(({ index: other, resource: f }) => other.exists(f) && other.prop(f, 'ResourceId').k === 'unknown');
      if (maybe.length > 0) {
        const named = maybe.map(({ index: other, resource: f }) => `${f.logicalId} of stack ${other.stack}`).join(', ');
        const why = maybe.map(({ index: other, resource: f }) => { const v = other.prop(f, 'ResourceId'); return v.k === 'unknown' ? v.why : ''; })[0];
        const exported = exports.map((e) => e.name ?? `output ${e.output}`).join(', ');
        return unknown('FlowLog', named, `${logs.length === 0 ? 'no flow log of the run is surely this VPC\'s' : 'no flow log of this VPC records ALL or REJECT traffic to a destination'}, but the VPC is exported (${exported}) and flow log ${named} records a resource decided at deploy time (${why}): it may be this VPC`);
      }
    }
    if (logs.length === 0) return fail(undefined, undefined, 'the VPC has no flow log');
    const names = logs.map((l) => l.name).join(', ');
    return fail('FlowLog', names, `no flow log records ALL or REJECT traffic to a destination (${names})`);
  },
};
