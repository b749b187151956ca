import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { TARGET_GROUP } from '../../cfn/load-balancers';

/** HEALTH-ENDPOINT: the load balancer probes a dedicated health endpoint of every target. */
export const TargetGroupHealthCheck: AwsRule = {
  id: 'TargetGroupHealthCheck',
  items: ['HEALTH-ENDPOINT'],
  types: [TARGET_GROUP],
  severity: Severity.MEDIUM,
  description: 'Target groups run HTTP(S) health checks (explicitly enabled for Lambda targets) on a dedicated path such as /health, not /, and count no 4xx/5xx status as healthy.',
  fix: 'Set healthCheck: { enabled: true, path: "/health" } on the target group and serve that path from the application.',
  check(res, { index }) {
    const targetType = V.str(index.prop(res, 'TargetType')) ?? 'instance';
    if (targetType === 'alb') return pass('Properties.TargetType', 'alb', 'ALB target: the inner ALB health-checks its own targets');
    const enabled = index.prop(res, 'HealthCheckEnabled');
    if (enabled.k === 'unknown') return unknown('Properties.HealthCheckEnabled', enabled, `decided at deploy time (${enabled.why})`);
    if (V.isFalse(enabled)) return fail('Properties.HealthCheckEnabled', enabled, 'health checks are disabled');
    if (targetType === 'lambda' && !V.isTrue(enabled)) return fail('Properties.HealthCheckEnabled', enabled, 'Lambda target groups are not health-checked unless HealthCheckEnabled is true');
    const protocolV = index.prop(res, 'HealthCheckProtocol');
    const protocol = (V.str(protocolV) ?? V.str(index.prop(res, 'Protocol')) ?? (targetType === 'lambda' ? 'HTTP' : undefined))?.toUpperCase();
    if (protocolV.k === 'unknown') return unknown('Properties.HealthCheckProtocol', protocolV, `decided at deploy time (${protocolV.why})`);
    if (protocol === 'GENEVE') return undefined;
    if (protocol && !['HTTP', 'HTTPS'].includes(protocol)) {
      return fail('Properties.HealthCheckProtocol', protocol, `${protocol} health check only proves the port accepts connections, not that the application is healthy`);
    }
    const path = index.prop(res, 'HealthCheckPath');
    if (path.k === 'unknown') return unknown('Properties.HealthCheckPath', path, `decided at deploy time (${path.why})`);
    const p = V.str(path);
    if (p === undefined || p.trim() === '' || p.trim() === '/') {
      return fail('Properties.HealthCheckPath', path, `health check probes ${p ?? '/ (the default)'}, not a dedicated health endpoint such as /health`);
    }
    const matcher = index.prop(res, 'Matcher.HttpCode');
    if (matcher.k === 'unknown') return unknown('Properties.Matcher.HttpCode', matcher, `the healthy status codes are decided at deploy time (${matcher.why})`);
    const codes = V.str(matcher);
    if (codes !== undefined && acceptsErrors(codes)) return fail('Properties.Matcher.HttpCode', matcher, `health check on ${p} counts ${codes} as healthy: a 4xx or 5xx answer (not found, unauthorized, failing) passes it`);
    return pass('Properties.HealthCheckPath', path, `health check probes ${p}`);
  },
};

/** Whether a Matcher HttpCode (`200`, `200,204`, `200-299`) counts a 4xx or 5xx status as healthy. */
function acceptsErrors(codes: string): boolean {
  return codes.split(',').some((part) => {
    const [lo, hi] = part.split('-').map((x) => Number(x.trim()));
    const top = Number.isNaN(hi ?? NaN) ? lo : hi;
    return top >= 400;
  });
}
