/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One comparison of availability zones (zoneKey in lib/checks/cfn/network.ts) for MultiAz, RdsMultiAz and
 * CacheMultiAzFailover. MultiAz compared zones by their text, so two spellings of one zone (`eu-west-1a` and
 * `!Select [0, !GetAZs '']`, or `!GetAZs ''` and `!GetAZs !Ref AWS::Region`) counted as two zones: a PASS for a
 * service that may run in one zone. Each case below was a PASS; the compliant forms still pass.
 */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { MultiAz } from '../../../lib/checks/aws/network/multi-az';
import { Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';

/** MultiAz's verdicts on one resource, in a stack whose region is known when given. */
function multiAz(template: any, logicalId: string, region?: string): Array<[string, string]> {
  const index = new TemplateIndex(template, 'zones.json', 'Zones');
  if (region) index.pseudo = { region };
  const out = MultiAz.check(index.get(logicalId)!, { index, thresholds: Thresholds.DEFAULTS });
  const verdicts: Verdict[] = out === undefined ? [] : Array.isArray(out) ? out : [out];
  return verdicts.map((v) => [v.status, v.message]);
}

const getAz = (i: number, region: any = '') => ({ 'Fn::Select': [i, { 'Fn::GetAZs': region }] });

/** An ECS service in two or three subnets of this template, pinned as given. */
function service(zones: Array<Record<string, any>>, region?: string): Array<[string, string]> {
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Svc: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: 'web', TaskDefinition: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/web:1', DesiredCount: 3, LaunchType: 'FARGATE',
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: zones.map((_, i) => ({ Ref: `Subnet${i}` })) } },
      },
    },
  };
  zones.forEach((z, i) => {
    resources[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.0.${i}.0/24`, ...z } };
  });
  return multiAz({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, 'Svc', region);
}

describe('MultiAz: zones written in different forms', () => {
  test('`!GetAZs \'\'` and `!GetAZs !Ref AWS::Region` at one index are one zone: fail', () => {
    const r = service([{ AvailabilityZone: getAz(0) }, { AvailabilityZone: getAz(0, { Ref: 'AWS::Region' }) }]);
    expect(r).toEqual([['fail', expect.stringMatching(/spans 1 availability zone/)]]);
  });

  test('a zone name and an entry of Fn::GetAZs may be one zone: unknown, naming both', () => {
    const r = service([{ AvailabilityZone: 'eu-west-1a' }, { AvailabilityZone: getAz(0) }]);
    expect(r).toEqual([['unknown', expect.stringMatching(/cannot be compared \(Subnet0: eu-west-1a, Subnet1: zone 0 of Fn::GetAZs/)]]);
  });

  test('a zone id and a zone name may be one zone: unknown', () => {
    const r = service([{ AvailabilityZoneId: 'euw1-az1' }, { AvailabilityZone: 'eu-west-1b' }]);
    expect(r.map(([s]) => s)).toEqual(['unknown']);
  });

  test('compliant: two names, two indexes of Fn::GetAZs, two zone ids', () => {
    expect(service([{ AvailabilityZone: 'eu-west-1a' }, { AvailabilityZone: 'eu-west-1b' }]).map(([s]) => s)).toEqual(['pass']);
    expect(service([{ AvailabilityZone: getAz(0) }, { AvailabilityZone: getAz(1, { Ref: 'AWS::Region' }) }]).map(([s]) => s)).toEqual(['pass']);
    expect(service([{ AvailabilityZoneId: 'euw1-az1' }, { AvailabilityZoneId: 'euw1-az2' }]).map(([s]) => s)).toEqual(['pass']);
  });

  test('a known region makes a zone name and a Fn::Sub on the region comparable', () => {
    const sub = (suffix: string) => ({ 'Fn::Sub': `\${AWS::Region}${suffix}` });
    expect(service([{ AvailabilityZone: 'eu-west-1a' }, { AvailabilityZone: sub('a') }], 'eu-west-1').map(([s]) => s)).toEqual(['fail']);
    expect(service([{ AvailabilityZone: 'eu-west-1a' }, { AvailabilityZone: sub('b') }], 'eu-west-1').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('MultiAz: a Classic Load Balancer\'s AvailabilityZones', () => {
  const clb = (zones: any[]) => {
    return multiAz({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Lb: {
          Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
          Properties: { AvailabilityZones: zones, Listeners: [{ LoadBalancerPort: '443', InstancePort: '80', Protocol: 'HTTPS', SSLCertificateId: 'arn:aws:acm:eu-west-1:111111111111:certificate/1' }] },
        },
      },
    }, 'Lb').map(([status]) => status);
  };

  test('a name and a Fn::GetAZs entry may be one zone: unknown; two spellings of one index: fail', () => {
    expect(clb(['eu-west-1a', getAz(0)])).toEqual(['unknown']);
    expect(clb([getAz(1), getAz(1, { Ref: 'AWS::Region' })])).toEqual(['fail']);
  });

  test('compliant: two names', () => {
    expect(clb(['eu-west-1a', 'eu-west-1b'])).toEqual(['pass']);
  });
});
