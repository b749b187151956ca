/**
 * Verdicts found wrong by running the checks on real third-party edge and network templates (2026-12):
 * - C1: two conditions over the same open comparison (`HasZone: !Not [!Equals [!Ref ParentZoneStack, '']]` beside
 *   `HasNotZone: !Equals [!Ref ParentZoneStack, '']`, widdix/aws-cf-templates static-website, fargate/load-balancer-alb)
 *   were chosen independently, so worlds no deployment can reach (both true, both false) made a pass unknown and
 *   filled messages with impossible combinations. A condition that is one open Fn::Equals (or its negation) now
 *   settles that comparison for the world: the same comparison, or the same operand compared with another literal,
 *   is computed.
 */
import { judged, statuses } from './judged';

const alb = (extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: ['subnet-1', 'subnet-2'] },
  ...extra,
});
const record = (condition: string, zone: unknown) => ({
  Type: 'AWS::Route53::RecordSet',
  Condition: condition,
  Properties: {
    HostedZoneId: zone,
    Name: 'app.example.com',
    Type: 'A',
    AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['Lb', 'CanonicalHostedZoneID'] } },
  },
});
const zoneParams = {
  Parameters: { ParentZoneStack: { Type: 'String', Default: '' }, HostedZoneId: { Type: 'String', Default: '' } },
  Conditions: {
    HasZone: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ParentZoneStack' }, ''] }] },
    HasNotZone: { 'Fn::Equals': [{ Ref: 'ParentZoneStack' }, ''] },
  },
};

describe('C1: conditions over the same open comparison are not chosen independently', () => {
  test('a record under HasZone and another under HasNotZone: one always exists (was unknown)', () => {
    const out = judged('EdgeDnsAlias', {
      Lb: alb(),
      RecordV1: record('HasNotZone', { Ref: 'HostedZoneId' }),
      RecordV2: record('HasZone', { 'Fn::ImportValue': { 'Fn::Sub': '${ParentZoneStack}-HostedZoneId' } }),
    }, zoneParams);
    expect(out).toEqual([['Lb', 'pass', expect.stringMatching(/^DNS record\(s\) Record/)]]);
    expect(out[0][2]).not.toMatch(/HasNotZone = false, condition HasZone = false/);
  });

  test('the operands written in the other order are the same comparison', () => {
    const params = { ...zoneParams, Conditions: { ...zoneParams.Conditions, HasNotZone: { 'Fn::Equals': ['', { Ref: 'ParentZoneStack' }] } } };
    const out = judged('EdgeDnsAlias', { Lb: alb(), RecordV1: record('HasNotZone', 'Z1'), RecordV2: record('HasZone', 'Z2') }, params);
    expect(statuses(out)).toEqual(['pass']);
  });

  test('the same operand found equal to one literal is not equal to another', () => {
    const extra = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, NotDev: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] }] } },
    };
    // The load balancer exists in prod only; the record exists unless dev: wherever the load balancer is, so is the record.
    expect(statuses(judged('EdgeDnsAlias', { Lb: alb({ Condition: 'IsProd' }), Rec: record('NotDev', 'Z1') }, extra))).toEqual(['pass']);
  });

  test('still unknown where a reachable world lacks the record', () => {
    const extra = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsStaging: { 'Fn::Equals': [{ Ref: 'Env' }, 'staging'] } },
    };
    const out = judged('EdgeDnsAlias', { Lb: alb(), A: record('IsProd', 'Z1'), B: record('IsStaging', 'Z1') }, extra);
    expect(out).toEqual([['Lb', 'unknown', expect.stringMatching(/fails when condition IsProd = false, condition IsStaging = false/)]]);
    expect(out[0][2]).not.toMatch(/IsProd = true, condition IsStaging = true/);
  });

  test('a condition combining comparisons (Fn::And) is still a choice of its own, read soundly', () => {
    const extra = {
      Parameters: { A: { Type: 'String' }, B: { Type: 'String' } },
      Conditions: {
        Both: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'A' }, 'x'] }, { 'Fn::Equals': [{ Ref: 'B' }, 'y'] }] },
        OnlyA: { 'Fn::Equals': [{ Ref: 'A' }, 'x'] },
      },
    };
    // OnlyA holds whenever Both does, but Both is chosen whole: the verdict may stay unknown, never a wrong pass.
    const out = judged('EdgeDnsAlias', { Lb: alb({ Condition: 'OnlyA' }), Rec: record('Both', 'Z1') }, extra);
    expect(statuses(out)).toEqual(['unknown']);
  });
});
