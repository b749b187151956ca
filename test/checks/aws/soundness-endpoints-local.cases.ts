/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ConfigEndpointsFromStack on `<name>.local` hosts. A Cloud Map private DNS namespace is often named `local`
 * (ECS service discovery): `https://orders.local:8443` is then the stack's orders service, which failed as
 * "points at orders.local" (a false FAIL). It passes now where this template declares the namespace (or a private
 * hosted zone) that serves the name; without one, or with a public zone, it still fails; a namespace whose name is
 * a parameter decides it per value; plain text and data-store rules still apply to such a host.
 */
import { judged, statuses } from './judged';

const RULE = 'ConfigEndpointsFromStack';

/** An ECS service whose one container has these environment variables. */
function fn(env: Record<string, string>) {
  const app = {
    Name: 'app', Image: `public.ecr.aws/acme/app@sha256:${'0'.repeat(64)}`, Essential: true,
    Environment: Object.entries(env).map(([Name, Value]) => ({ Name, Value })),
  };
  return {
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '512', Memory: '1024', ContainerDefinitions: [app] } },
    Svc: {
      Type: 'AWS::ECS::Service',
      Properties: { Cluster: 'web', TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 3, NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'] } } },
    },
  };
}

const namespace = (name: any) => ({ Ns: { Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace', Properties: { Name: name, Vpc: 'vpc-0123456789abcdef0' } } });
const zone = (name: string, vpcs = true) => ({ Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: name, ...(vpcs ? { VPCs: [{ VPCId: 'vpc-0123456789abcdef0', VPCRegion: 'eu-west-1' }] } : {}) } } });
const ORDERS = { ORDERS_SERVICE_URL: 'https://orders.local:8443/v1' };

describe('a .local host served by a private namespace or zone of the template', () => {
  test('no namespace: fails as before (the machine\'s own mDNS name)', () => {
    const v = judged(RULE, fn(ORDERS));
    expect(v).toEqual([['TaskDef', 'fail', expect.stringContaining('points at orders.local')]]);
  });

  test('a Cloud Map namespace named local: pass, naming it (was a fail)', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...namespace('local') });
    expect(v).toEqual([['TaskDef', 'pass', expect.stringContaining('ORDERS_SERVICE_URL → orders.local, a name in Cloud Map namespace Ns (local)')]]);
  });

  test('a private hosted zone named local. (trailing dot, any case): pass', () => {
    const v = judged(RULE, { ...fn({ ORDERS_SERVICE_URL: 'https://Orders.LOCAL/v1' }), ...zone('Local.') });
    expect(statuses(v)).toEqual(['pass']);
  });

  test('a public hosted zone named local (no VPCs) serves nobody\'s private name: fail', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...zone('local', false) });
    expect(statuses(v)).toEqual(['fail']);
  });

  test('a namespace of another name: fail', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...namespace('internal') });
    expect(statuses(v)).toEqual(['fail']);
  });

  test('the namespace name is a parameter with AllowedValues local or internal: unknown, naming the parameter (it fails on one value)', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...namespace({ Ref: 'NsName' }) }, { Parameters: { NsName: { Type: 'String', AllowedValues: ['local', 'internal'] } } });
    expect(v).toEqual([['TaskDef', 'unknown', expect.stringContaining('NsName')]]);
  });

  test('the namespace name is a parameter that can only be local: pass', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...namespace({ Ref: 'NsName' }) }, { Parameters: { NsName: { Type: 'String', AllowedValues: ['local'] } } });
    expect(statuses(v)).toEqual(['pass']);
  });

  test('the namespace name is imported: not a pass', () => {
    const v = judged(RULE, { ...fn(ORDERS), ...namespace({ 'Fn::ImportValue': 'shared-namespace-name' }) });
    expect(statuses(v)).not.toContain('pass');
  });

  test('plain text to a served name still fails', () => {
    const v = judged(RULE, { ...fn({ ORDERS_SERVICE_URL: 'http://orders.local:8080' }), ...namespace('local') });
    expect(v).toEqual([['TaskDef', 'fail', expect.stringContaining('plain-text http://')]]);
  });

  test('localhost is not made a stack name by a namespace named local', () => {
    const v = judged(RULE, { ...fn({ ORDERS_SERVICE_URL: 'https://localhost:8443' }), ...namespace('local') });
    expect(statuses(v)).toEqual(['fail']);
  });

  test('a PostgreSQL URL to a served name without sslmode still fails (libpq falls back to plain text)', () => {
    const v = judged(RULE, { ...fn({ DATABASE_URL: 'postgres://db.local:5432/app' }), ...namespace('local') });
    expect(statuses(v)).toEqual(['fail']);
  });
});
