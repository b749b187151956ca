/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * An Auto Scaling group runs the service's code on EC2 instances, as an instance or a launch template does. A
 * launch configuration (`AWS::AutoScaling::LaunchConfiguration`, the legacy launch template) and the group itself
 * were in no kind of kinds.ts: beside a fleet launched from one, or from a launch template outside the template
 * (`LaunchTemplateId` written as text), the compute items whose rules read no EC2 instance (LOG-RETENTION,
 * CONFIG-DEBUG-OFF, ...) were satisfied by the other compute of the app, as if the fleet were not there. Both are now
 * compute, judged, in one part group with the launch template (a rule reading any of the three reads the fleet): the
 * items whose rules read none of them are unknown beside a fleet, as they were beside an instance or a launch
 * template.
 */
import { GoLiveChecks } from '../../../lib';
import { compliantBases } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const base = () => JSON.parse(JSON.stringify(compliantBases().get('lambda-service')));
const ENV = { region: 'eu-west-1', account: '111111111111' };

function withFleet(resources: Record<string, any>): any {
  const t = base();
  Object.assign(t.Resources, resources);
  return t;
}

const LC = { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.micro', MetadataOptions: { HttpTokens: 'required' } } };
const group = (launch: any) => ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '2', MaxSize: '4', VPCZoneIdentifier: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], ...launch } });

describe('an EC2 fleet of an Auto Scaling group holds back the compute items no rule reads it for', () => {
  test('the base alone satisfies LOG-RETENTION', () => {
    expect(checks.checkTemplate(base(), 'T', ENV).statusOf('LOG-RETENTION')).toBe('satisfied');
  });

  test('beside a group launched from a launch configuration: unknown (was satisfied)', () => {
    const r = checks.checkTemplate(withFleet({ Lc: LC, Fleet: group({ LaunchConfigurationName: { Ref: 'Lc' } }) }), 'T', ENV);
    expect(r.statusOf('LOG-RETENTION')).toBe('unknown');
    expect(r.items.find((i) => i.id === 'LOG-RETENTION')!.reason).toMatch(/AWS::AutoScaling::LaunchConfiguration \(compute that other items' rules read, this item's do not\)/);
  });

  test('beside a group launched from a launch template outside the template: unknown (was satisfied)', () => {
    const r = checks.checkTemplate(withFleet({ Fleet: group({ LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '3' } }) }), 'T', ENV);
    expect(r.statusOf('LOG-RETENTION')).toBe('unknown');
    expect(r.coverage.unreadKinds.join('\n')).toMatch(/Fleet \(AWS::AutoScaling::AutoScalingGroup launched from outside the template: compute no rule reads, launched from LaunchTemplate lt-0123456789abcdef0/);
    // EC2 items too: what the outside launch template sets (IMDSv2, a key pair) is not read.
    expect(r.statusOf('COMPUTE-REMOTE-ACCESS')).not.toBe('satisfied');
  });

  test('a group launched under a condition from one of two launch templates, or from a parameter: unknown', () => {
    const lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0', MetadataOptions: { HttpTokens: 'required' } } } };
    const t = withFleet({ Lt: lt, Fleet: group({ LaunchTemplate: { LaunchTemplateId: { 'Fn::If': ['Blue', { Ref: 'Lt' }, 'lt-0123456789abcdef0'] }, Version: '1' } }) });
    t.Conditions = { ...(t.Conditions ?? {}), Blue: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } };
    expect(checks.checkTemplate(t, 'T', ENV).coverage.unreadKinds.join('\n')).toMatch(/Fleet \(AWS::AutoScaling::AutoScalingGroup launched from outside/);
    const p = withFleet({ Fleet: group({ LaunchConfigurationName: { Ref: 'FleetLc' } }) });
    p.Parameters = { ...(p.Parameters ?? {}), FleetLc: { Type: 'String' } };
    expect(checks.checkTemplate(p, 'T', ENV).statusOf('LOG-RETENTION')).toBe('unknown');
  });

  test('beside a launch template of the template, as before: unknown (the group is read through it, not listed)', () => {
    const lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0', MetadataOptions: { HttpTokens: 'required' } } } };
    const r = checks.checkTemplate(withFleet({ Lt: lt, Fleet: group({ LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } } }) }), 'T', ENV);
    expect(r.statusOf('LOG-RETENTION')).toBe('unknown');
    expect(r.coverage.unreadKinds.join('\n')).not.toMatch(/Fleet/);
  });
});
