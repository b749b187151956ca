import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { containersOf } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass } from '../rule';

/**
 * HEALTH-ENDPOINT, K8S-PROBES: every container of a serving workload has a
 * readiness probe (so it takes traffic only when ready) and a liveness probe
 * (so a hung container is restarted). Native sidecars (init containers with
 * `restartPolicy: Always`) run beside the app for the pod's whole life and are
 * judged like containers; other init containers run to completion and are
 * not. HTTP probes name their path in the evidence.
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
    for (const c of containersOf(tpl, true)) {
      if (c.init) continue;
      const kind = c.path.includes('.initContainers.') ? 'sidecar' : 'container';
      const missing = ['readinessProbe', 'livenessProbe'].filter((p) => !isProbe(c.container[p]));
      if (missing.length > 0) {
        out.push(k8sFail(`${c.path}.${missing[0]}`, undefined, `${kind} ${c.name} has no ${missing.join(' and no ')}`));
      } else {
        out.push(k8sPass(`${c.path}.readinessProbe`, describe(c.container.readinessProbe),
          `${kind} ${c.name}: readiness ${describe(c.container.readinessProbe)}, liveness ${describe(c.container.livenessProbe)}`));
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
