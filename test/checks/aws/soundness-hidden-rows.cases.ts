/**
 * A dashboard row with `"visible": false` is not drawn ("visible: Set this to false to have the metric not appear
 * in the graph", CloudWatch dashboard body structure, metric widget: metrics): it shows nothing, unless a visible
 * math expression of the same graph reads it by its `id` (the usual error-rate graph: `100 * e5 / req`, its inputs
 * hidden), which is how the compliant bases draw their error rate. A hidden row that no visible expression reads
 * counted as shown: DashboardService passed a dashboard whose only RequestCount row was hidden.
 */
import { judgedOn } from './judged';
import { R, set } from './fixtures';

const LB = { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] };
/** A metric row of the ALB, with these options. */
const row = (name: string, opts: object) => [`["AWS/ApplicationELB","${name}","LoadBalancer","`, LB, `",${JSON.stringify(opts)}]`];
/** A graph of these rows (each a list of Join pieces, or a plain JSON text). */
const graph = (...rows: unknown[][]) => {
  const out: unknown[] = ['{"type":"metric","properties":{"region":"eu-west-1","metrics":['];
  rows.forEach((r, i) => out.push(i > 0 ? ',' : '', ...r));
  out.push(']}}');
  return out;
};
/** The edge-alb base's dashboard replaced by latency and error graphs and `requests`, the graph meant to show RequestCount. */
const body = (requests: unknown[]) => {
  const pieces: unknown[] = ['{"widgets":['];
  pieces.push(...graph(...['p50', 'p95', 'p99'].map((p) => row('TargetResponseTime', { stat: p }))), ',');
  pieces.push(...graph(row('HTTPCode_Target_5XX_Count', { stat: 'Sum' }), row('HTTPCode_ELB_5XX_Count', { stat: 'Sum' })), ',');
  pieces.push(...requests, ']}');
  return [set(R('Dashboard', 'Properties', 'DashboardBody'), { 'Fn::Join': ['', pieces] })];
};
const judge = (requests: unknown[]) => judgedOn('edge-alb', body(requests), 'DashboardService', 'Alb');

describe('DashboardService: rows with visible false', () => {
  test('guard: RequestCount drawn: pass', () => {
    expect(judge(graph(row('RequestCount', { stat: 'Sum' })))).toEqual([['pass', expect.stringMatching(/shows requests/)]]);
  });

  test('guard: RequestCount hidden, read by a visible expression (100 * e5 / req): pass', () => {
    expect(judge(graph(['[{"expression":"100 * e5 / req","label":"Error rate %"}]'], row('HTTPCode_Target_5XX_Count', { id: 'e5', visible: false, stat: 'Sum' }), row('RequestCount', { id: 'req', visible: false, stat: 'Sum' })))).toEqual([['pass', expect.stringMatching(/shows requests/)]]);
  });

  test('RequestCount hidden and read by no expression: not a pass (was pass)', () => {
    expect(judge(graph(row('RequestCount', { id: 'req', visible: false, stat: 'Sum' }))).map(([s]) => s)).not.toContain('pass');
  });

  test('RequestCount hidden, read only by a hidden expression: not a pass (was pass)', () => {
    expect(judge(graph(['[{"expression":"req * 2","id":"e1","visible":false}]'], row('RequestCount', { id: 'req', visible: false, stat: 'Sum' }))).map(([s]) => s)).not.toContain('pass');
  });

  test('RequestCount hidden, the expression names another id (request): not a pass (was pass)', () => {
    expect(judge(graph(['[{"expression":"request * 2"}]'], row('RequestCount', { id: 'req', visible: false, stat: 'Sum' }))).map(([s]) => s)).not.toContain('pass');
  });

  test('a hidden expression read by a visible one reaches its inputs: pass', () => {
    expect(judge(graph(['[{"expression":"e1 / 60"}]'], ['[{"expression":"req * 1","id":"e1","visible":false}]'], row('RequestCount', { id: 'req', visible: false, stat: 'Sum' })))).toEqual([['pass', expect.anything()]]);
  });
});
