import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { containersOf } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass } from '../rule';

/**
 * HEALTH-ENDPOINT, K8S-PROBES: every container of a serving workload has a
 * readiness probe (so it takes traffic only when ready) and a liveness probe
 * (so a hung container is restarted). HTTP probes name their path in the evidence.
 */
export const K8sHealthProbes: K8sRule = {
  id: 'K8sHealthProbes',
  items: ['HEALTH-ENDPOINT', 'K8S-PROBES'],
  kinds: SERVING_KINDS,
  severity: Severity.HIGH,
  description: 'Every container of a Deployment/StatefulSet/Rollout declares a readinessProbe and a livenessProbe.',
  fix: 'Add readinessProbe (httpGet /ready) and livenessProbe (httpGet /health) to every container.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const out: K8sVerdict[] = [];
    for (const c of containersOf(tpl)) {
      const missing = ['readinessProbe', 'livenessProbe'].filter((p) => !isProbe(c.container[p]));
      if (missing.length > 0) {
        out.push(k8sFail(`${c.path}.${missing[0]}`, undefined, `container ${c.name} has no ${missing.join(' and no ')}`));
      } else {
        out.push(k8sPass(`${c.path}.readinessProbe`, describe(c.container.readinessProbe),
          `container ${c.name}: readiness ${describe(c.container.readinessProbe)}, liveness ${describe(c.container.livenessProbe)}`));
      }
    }
    return out;
  },
};

/** A probe with a handler (httpGet, tcpSocket, exec, grpc). @internal */
export function isProbe(p: unknown): boolean {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return ['httpGet', 'tcpSocket', 'exec', 'grpc'].some((h) => o[h] && typeof o[h] === 'object');
}

function describe(p: Record<string, any>): string {
  if (p.httpGet) return `GET ${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `tcp ${p.tcpSocket.port}`;
  if (p.grpc) return `grpc ${p.grpc.port}`;
  return 'exec';
}
