/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * WAF-RATE-LIMIT's application-level alternative (every application behind the endpoint sets RATE_LIMIT_ENABLED
 * and RATE_LIMIT_PER_MINUTE) passed when the applications it found did, while the endpoint also reached backends it
 * does not read: an ALB target group of instances, a distribution's non-ALB origin, a REST API method integrating an
 * HTTP backend, or methods declared in an OpenAPI body. Those are unknown now, naming what is not read.
 */
import { Thresholds } from '../../../lib/checklist/thresholds';
import { WafRateLimit } from '../../../lib/checks/aws/edge/waf-rate-limit';
import { AwsRule, Verdict } from '../../../lib/checks/rule';
import { TemplateIndex } from '../../../lib/checks/template-index';
import { applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();

function run(rule: AwsRule, template: any, logicalId: string): Verdict[] {
  const index = new TemplateIndex(template, 'test.json', 'Test');
  const v = rule.check(index.get(logicalId)!, { index, thresholds: Thresholds.DEFAULTS });
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The ECS service base without its rate rule, its containers limiting each client. */
function limitedEcs(): any {
  const t = applyPatch(bases.get('ecs-service'), [{ op: 'delete', path: ['Resources', 'WebAcl', 'Properties', 'Rules', 3] }]);
  for (const c of t.Resources.Task.Properties.ContainerDefinitions) {
    c.Environment = [...(c.Environment ?? []), { Name: 'RATE_LIMIT_ENABLED', Value: 'true' }, { Name: 'RATE_LIMIT_PER_MINUTE', Value: '100' }];
  }
  return t;
}

describe('WafRateLimit: the application-level alternative covers every backend or is unknown', () => {
  test('every target group serves the limited containers: pass', () => {
    expect(run(WafRateLimit, limitedEcs(), 'Alb').map((v) => v.status)).toEqual(['pass']);
  });

  test('a listener rule also forwards to a target group of instances: unknown, naming it', () => {
    const t = limitedEcs();
    t.Resources.Legacy = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'instance', VpcId: 'vpc-1', Targets: [{ Id: 'i-0123456789abcdef0' }] } };
    t.Resources.LegacyRule = {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: { ListenerArn: { Ref: 'AlbHttps' }, Priority: 5, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/legacy/*'] } }], Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Legacy' } }] },
    };
    const [v] = run(WafRateLimit, t, 'Alb');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/target group Legacy/);
  });

  test('a distribution with a second origin that is not the load balancer: unknown, naming the origin', () => {
    const t = limitedEcs();
    t.Resources.Cdn = {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          Enabled: true,
          WebACLId: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
          Origins: [
            { Id: 'app', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } },
            { Id: 'legacy', DomainName: 'legacy.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } },
          ],
          DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https' },
        },
      },
    };
    const [v] = run(WafRateLimit, t, 'Cdn');
    expect(v.status).toBe('unknown');
    expect(v.message).toMatch(/origin legacy \(legacy\.example\.com\)/);
    t.Resources.Cdn.Properties.DistributionConfig.Origins.pop();
    expect(run(WafRateLimit, t, 'Cdn').map((x) => x.status)).toEqual(['pass']);
  });
});
