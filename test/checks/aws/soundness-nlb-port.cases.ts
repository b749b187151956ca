/** EDGE-HTTPS-LISTENER on a network load balancer whose TCP listener's port is decided at deploy time: it may be 443 (TLS passed through). */
import { judged } from './judged';

const nlb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: ['subnet-1', 'subnet-2'] } };
const tcp = (port: unknown) => ({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'NLB' }, Port: port, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1' }] } });
const onNlb = (port: unknown, extra: Record<string, unknown> = {}) => judged('ElbHttpsListener', { NLB: nlb, L: tcp(port) }, extra).filter(([r]) => r === 'NLB').map(([, s, m]) => [s, m]);

test('a TCP listener on an open parameter port: unknown, naming the listener and the parameter', () => {
  const [[status, message]] = onNlb({ Ref: 'Port' }, { Parameters: { Port: { Type: 'Number' } } });
  expect(status).toBe('unknown');
  expect(message).toMatch(/TCP listener L's port is decided at deploy time \(.*Port.*\): on 443 it passes TLS through/);
});

test('a TCP listener on a port chosen among allowed values: judged per value', () => {
  expect(onNlb({ Ref: 'Port' }, { Parameters: { Port: { Type: 'Number', AllowedValues: [80, 8080] } } }).map(([s]) => s)).toEqual(['fail']);
  expect(onNlb({ Ref: 'Port' }, { Parameters: { Port: { Type: 'Number', AllowedValues: [80, 443] } } }).map(([s]) => s)).toEqual(['unknown']);
});

test('a TCP listener on a literal port other than 443 still fails', () => {
  expect(onNlb(80).map(([s]) => s)).toEqual(['fail']);
});
