import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/** NET-FLOW-LOGS: every VPC records its traffic in flow logs. */
export const VpcFlowLogs: AwsRule = {
  id: 'VpcFlowLogs',
  items: ['NET-FLOW-LOGS'],
  types: ['AWS::EC2::VPC'],
  severity: Severity.MEDIUM,
  description: 'Every VPC has a flow log of ALL (or at least REJECT) traffic delivered to a destination.',
  fix: 'new ec2.Vpc(..., { flowLogs: { all: { trafficType: FlowLogTrafficType.ALL, destination: FlowLogDestination.toCloudWatchLogs(logGroup) } } }).',
  check(res, { index }) {
    const logs = index.referrers(res, 'AWS::EC2::FlowLog').filter((f) => {
      const id = index.prop(f, 'ResourceId');
      return id.k === 'ref' && id.target === res && V.str(index.prop(f, 'ResourceType')) === 'VPC';
    });
    if (logs.length === 0) return fail(undefined, undefined, 'the VPC has no flow log');
    let undecided: string | undefined;
    for (const f of logs) {
      const traffic = index.prop(f, 'TrafficType');
      const dest = [index.prop(f, 'LogDestination'), index.prop(f, 'LogGroupName')].find((d) => d.k !== 'absent');
      if (traffic.k === 'unknown' || dest?.k === 'unknown') { undecided = f.logicalId; continue; }
      const t = V.str(traffic);
      if ((t === 'ALL' || t === 'REJECT') && dest) {
        return pass('FlowLog', f.logicalId, `flow log ${f.logicalId} records ${t} traffic to ${V.show(dest)}`);
      }
    }
    if (undecided) return unknown('FlowLog', undecided, `flow log ${undecided} traffic type or destination decided at deploy time`);
    return fail('FlowLog', logs.map((f) => f.logicalId).join(', '), 'no flow log records ALL or REJECT traffic to a destination');
  },
};
