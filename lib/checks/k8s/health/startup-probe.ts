import { Severity } from '../../model';
import { SERVING_KINDS } from '../manifest-index';
import { containersOf } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass } from '../rule';
import { isProbe } from './health-probes';

/**
 * K8S-STARTUP-PROBE: every container of a serving workload that has a liveness
 * probe also has a startup probe, so a slow start is not cut short by liveness
 * restarts (a container without a liveness probe is HEALTH-ENDPOINT's concern).
 * Native sidecars (init containers with `restartPolicy: Always`) count as containers.
 */
export const K8sStartupProbe: K8sRule = {
  id: 'K8sStartupProbe',
  items: ['K8S-STARTUP-PROBE'],
  kinds: SERVING_KINDS,
  severity: Severity.MEDIUM,
  description: 'Every container of a Deployment/StatefulSet/Rollout with a liveness probe declares a startupProbe.',
  fix: 'Add a startupProbe (e.g. httpGet /health, periodSeconds 5, failureThreshold covering the slowest start).',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const out: K8sVerdict[] = [];
    for (const c of containersOf(tpl, true)) {
      if (c.init) continue;
      if (!isProbe(c.container.livenessProbe)) continue;
      const p = c.container.startupProbe;
      if (!isProbe(p)) {
        out.push(k8sFail(`${c.path}.startupProbe`, undefined, `container ${c.name} has a liveness probe but no startupProbe`));
      } else {
        const budget = (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3) + (p.initialDelaySeconds ?? 0);
        out.push(k8sPass(`${c.path}.startupProbe`, undefined, `container ${c.name} may take up to ${budget}s to start`));
      }
    }
    return out;
  },
};
