/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { isGovernedByRollout } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass } from '../rule';
import { judgeFlaggerProgressive } from './flagger';

/**
 * DEPLOY-PROGRESSIVE: a release shifts traffic step by step. On Kubernetes that
 * is an Argo Rollouts canary with at least one `setWeight` step below 100
 * (`setCanaryScale` sizes the canary's pods, not its traffic share: it needs
 * trafficRouting, where only setWeight moves traffic); a plain Deployment's rolling update moves
 * traffic as fast as pods become ready, and a blue-green Rollout switches all
 * of it at once. A Deployment taken over by a Rollout is judged on the Rollout.
 *
 * A Deployment a Flagger `Canary` (flagger.app) targets is released by Flagger, not by its rolling update, and is
 * judged on the Canary (./flagger.ts): canary weights (`stepWeight` up to `maxWeight`, or `stepWeights`) whose
 * first step is below 100 % pass when the provider can weight traffic (`spec.provider`, or the `-mesh-provider` of
 * a Flagger controller in the manifests; neither: unknown); the `kubernetes` provider and blue/green (`iterations`)
 * switch all traffic at once and fail, as a blue-green Rollout does; `skipAnalysis: true` (or no analysis) promotes
 * at once and fails; A/B testing (`iterations` with `match`) exposes a share of users the manifests do not show:
 * unknown.
 */
export const K8sProgressiveRollout: K8sRule = {
  id: 'K8sProgressiveRollout',
  items: ['DEPLOY-PROGRESSIVE'],
  kinds: ['Deployment', 'Rollout'],
  severity: Severity.MEDIUM,
  description: 'Deployments are released by an Argo Rollouts canary with weighted steps (setWeight below 100 %) or a Flagger Canary with traffic weights (stepWeight below 100 %), never all at once.',
  fix: 'Add an Argo Rollout with workloadRef to the Deployment and strategy.canary.steps [setWeight: 10, pause, setWeight: 50, pause, ...] (ProductionWorkload canary option).',
  check(obj, ctx) {
    if (isGovernedByRollout(obj, ctx.index)) return undefined;
    const canary = obj.kind === 'Deployment' ? ctx.index.flaggerCanaryOf(obj) : undefined;
    if (canary) return judgeFlaggerProgressive(obj, canary, ctx.index);
    if (obj.kind === 'Deployment') {
      return k8sFail('spec.strategy', obj.doc.spec?.strategy?.type ?? 'RollingUpdate',
        'a rolling update: each new pod takes its share of traffic as soon as it is ready, with no canary step; release it through an Argo Rollout');
    }
    const strategy = obj.doc.spec?.strategy ?? {};
    if (strategy.blueGreen) return k8sFail('spec.strategy.blueGreen', undefined, 'blue-green switches all traffic at once; use a canary with setWeight steps');
    const steps: any[] = Array.isArray(strategy.canary?.steps) ? strategy.canary.steps : [];
    const weights = steps.map((s) => s?.setWeight).filter((w): w is number => typeof w === 'number');
    const partial = weights.filter((w) => w > 0 && w < 100);
    if (partial.length === 0) {
      const scaleOnly = steps.some((s) => s?.setCanaryScale);
      return k8sFail('spec.strategy.canary.steps', weights, steps.length === 0 ? 'a canary without steps shifts all traffic at once'
        : `no setWeight step below 100 %${scaleOnly ? ' (setCanaryScale sizes the canary\'s pods; traffic moves only with setWeight)' : ''}`);
    }
    return k8sPass('spec.strategy.canary.steps', weights, `canary through ${partial.map((w) => `${w} %`).join(', ')} then 100 %`);
  },
};
