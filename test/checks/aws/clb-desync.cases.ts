/**
 * EDGE-DESYNC-MITIGATION beside a Classic Load Balancer. A CLB mitigates HTTP desync in defensive mode unless its mode
 * is changed through the ELB API; CloudFormation cannot set it. AlbDesyncMitigation read only ALBs, so an app served by
 * a CLB had the item pending (nothing judged). Now the CLB passes, as an ALB without the attribute does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checks } from './judged';

const edgeLb = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'aws', 'compliant', 'edge-lb.json'), 'utf8'));

test('a Classic Load Balancer passes in its default mode, and the item is satisfied', () => {
  const report = checks.checkTemplate(edgeLb());
  const clb = Object.entries(edgeLb().Resources).find(([, r]: [string, any]) => r.Type === 'AWS::ElasticLoadBalancing::LoadBalancer')![0];
  expect(report.findings.filter((f) => f.ruleId === 'AlbDesyncMitigation').map((f) => [f.resource, f.status])).toEqual([[clb, 'pass']]);
  expect(report.statusOf('EDGE-DESYNC-MITIGATION')).toBe('satisfied');
});
