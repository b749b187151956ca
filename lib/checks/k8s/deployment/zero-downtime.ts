import { Severity } from '../../model';
import { isGovernedByRollout, parseIntOrPercent } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';

/**
 * DEPLOY-ZERO-DOWNTIME: a release never takes serving capacity away. A
 * Deployment rolls with `maxUnavailable: 0` (the default is 25 %; `Recreate`
 * stops everything first); an Argo canary Rollout sets `maxUnavailable: 0`
 * (its default is 25 % too); a blue-green Rollout keeps the old stack until the
 * switch. A Deployment taken over by a Rollout is judged on the Rollout.
 */
export const K8sZeroDowntimeUpdate: K8sRule = {
  id: 'K8sZeroDowntimeUpdate',
  items: ['DEPLOY-ZERO-DOWNTIME'],
  kinds: ['Deployment', 'Rollout'],
  severity: Severity.HIGH,
  description: 'Deployments roll with maxUnavailable 0 (and a surge), Argo canary Rollouts set maxUnavailable 0, so no release drops capacity.',
  fix: 'Set spec.strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (Rollout: spec.strategy.canary.maxUnavailable: 0).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const strategy = obj.doc.spec?.strategy ?? {};
    if (obj.kind === 'Rollout') {
      if (strategy.blueGreen) return k8sPass('spec.strategy.blueGreen', undefined, 'blue-green: the old version serves until the new one is ready');
      if (!strategy.canary) return k8sFail('spec.strategy', strategy, 'a Rollout without a canary or blueGreen strategy');
      return judge(strategy.canary.maxUnavailable, strategy.canary.maxSurge, 'spec.strategy.canary');
    }
    if (strategy.type === 'Recreate') return k8sFail('spec.strategy.type', 'Recreate', 'Recreate stops every pod before starting the new version');
    return judge(strategy.rollingUpdate?.maxUnavailable, strategy.rollingUpdate?.maxSurge, 'spec.strategy.rollingUpdate');
  },
};

function judge(maxUnavailable: unknown, maxSurge: unknown, base: string) {
  const prop = `${base}.maxUnavailable`;
  if (maxUnavailable === undefined) return k8sFail(prop, undefined, 'maxUnavailable is unset: the default 25 % of the pods may be down during a release');
  const mu = parseIntOrPercent(maxUnavailable);
  if (!mu) return k8sUnknown(prop, maxUnavailable, 'maxUnavailable is not a number or a percentage');
  if (mu.value !== 0) return k8sFail(prop, maxUnavailable, `maxUnavailable ${String(maxUnavailable)}: a release takes pods out of service before their replacements are ready`);
  const ms = maxSurge === undefined ? { value: 25, percent: true } : parseIntOrPercent(maxSurge);
  if (ms && ms.value === 0) return k8sFail(`${base}.maxSurge`, maxSurge, 'maxSurge 0 with maxUnavailable 0 cannot roll');
  return k8sPass(prop, maxUnavailable, `maxUnavailable 0, maxSurge ${maxSurge === undefined ? '25% (default)' : String(maxSurge)}: new pods are ready before old ones stop`);
}
