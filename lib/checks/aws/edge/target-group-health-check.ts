import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { TARGET_GROUP } from '../../cfn/load-balancers';

/**
 * HEALTH-ENDPOINT: the load balancer probes a dedicated health endpoint of every target.
 *
 * Decisions: an HTTP(S) health check on a path other than `/`, whose Matcher HttpCode counts no 4xx or 5xx status
 * as healthy. A gRPC target group (ProtocolVersion GRPC) is judged on Matcher GrpcCode instead, which must count
 * only 0 (OK) as healthy: the default 12 (UNIMPLEMENTED) and ranges such as `0-99` fail (see
 * `grpcCodesOtherThanOk`); a ProtocolVersion or GrpcCode decided at deploy time is unknown.
 */
export const TargetGroupHealthCheck: AwsRule = {
  id: 'TargetGroupHealthCheck',
  items: ['HEALTH-ENDPOINT'],
  types: [TARGET_GROUP],
  severity: Severity.MEDIUM,
  description: 'Target groups run HTTP(S) health checks (explicitly enabled for Lambda targets) on a dedicated path such as /health, not /, and count no 4xx/5xx status as healthy (gRPC target groups: only gRPC code 0, OK).',
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
    const version = index.prop(res, 'ProtocolVersion');
    if (version.k === 'unknown') return unknown('Properties.ProtocolVersion', version, `whether the health check is gRPC is decided at deploy time (${version.why})`);
    if (V.str(version)?.toUpperCase() === 'GRPC') {
      const grpc = index.prop(res, 'Matcher.GrpcCode');
      if (grpc.k === 'unknown') return unknown('Properties.Matcher.GrpcCode', grpc, `the healthy gRPC codes are decided at deploy time (${grpc.why})`);
      const grpcCodes = grpc.k === 'absent' ? '12' : V.str(grpc) ?? V.show(grpc);
      const others = grpcCodesOtherThanOk(grpcCodes);
      if (others !== undefined) {
        return fail('Properties.Matcher.GrpcCode', grpc.k === 'absent' ? '12 (the default)' : grpc, `gRPC health check on ${p} counts ${grpc.k === 'absent' ? 'code 12 (UNIMPLEMENTED, the default)' : `codes ${grpcCodes}`} as healthy: ${others}`);
      }
      return pass('Properties.HealthCheckPath', path, `gRPC health check probes ${p}, healthy only on code 0 (OK)`);
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

/**
 * Why a Matcher GrpcCode (`0`, `0-99`, `0,12`) counts a code other than 0 (OK) as healthy, or undefined when it
 * counts OK only: UNKNOWN (2), INTERNAL (13), UNAVAILABLE (14) are failing answers, and UNIMPLEMENTED (12, the
 * default) answers a server that does not serve the health check at all. Text that is not codes counts as other.
 */
function grpcCodesOtherThanOk(codes: string): string | undefined {
  for (const part of codes.split(',')) {
    const bounds = part.split('-').map((x) => x.trim());
    const nums = bounds.map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
    if (bounds.length > 2 || nums.some((n) => Number.isNaN(n))) return `${part.trim()} is not a gRPC code or range`;
    if (nums.some((n) => n !== 0)) return nums.includes(12) && nums.length === 1
      ? 'UNIMPLEMENTED means the server does not serve the health service, so the check does not test it'
      : 'a failing answer (UNKNOWN 2, INTERNAL 13, UNAVAILABLE 14, ...) or UNIMPLEMENTED (12) passes it, where only 0 (OK) should';
  }
  return undefined;
}
