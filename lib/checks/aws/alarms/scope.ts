import { CfnResource, TemplateIndex } from '../../template-index';
import { invocationTargets, isServiceFunction } from '../../cfn/service-compute';
import { MetricKind } from '../../cfn/alarms';
import { isInternetFacingAlb, listenersOf } from '../../cfn/load-balancers';

/**
 * What request-level alarms (error rate, latency) watch for a resource they
 * are dispatched to: an internet-facing ALB (metrics named by the balancer,
 * or by one of its listeners for target-group metrics) or a serving Lambda
 * function (metrics named by the function or one of its aliases). Undefined
 * when the resource is not a service entry point.
 * @internal
 */
export interface ServingScope {
  readonly kind: 'alb' | 'lambda';
  /** Resources a metric dimension may reference. */
  readonly targets: CfnResource[];
  readonly errors: MetricKind;
  readonly requests: MetricKind;
  readonly latency: MetricKind;
  /** Latency metric unit per millisecond (ALB TargetResponseTime is in seconds). */
  readonly latencyPerMs: number;
  readonly latencyUnit: string;
}

/** @internal */
export const SERVING_TYPES = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Lambda::Function'];

/** @internal */
export function servingScope(index: TemplateIndex, res: CfnResource): ServingScope | undefined {
  if (res.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
    if (!isInternetFacingAlb(index, res)) return undefined;
    return {
      kind: 'alb',
      targets: [res, ...listenersOf(index, res)],
      errors: { namespace: 'AWS/ApplicationELB', names: ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'] },
      requests: { namespace: 'AWS/ApplicationELB', names: ['RequestCount'] },
      latency: { namespace: 'AWS/ApplicationELB', names: ['TargetResponseTime'] },
      latencyPerMs: 1 / 1000,
      latencyUnit: ' s',
    };
  }
  if (res.type === 'AWS::Lambda::Function') {
    if (!isServiceFunction(res, index)) return undefined;
    return {
      kind: 'lambda',
      targets: invocationTargets(index, res),
      errors: { namespace: 'AWS/Lambda', names: ['Errors'] },
      requests: { namespace: 'AWS/Lambda', names: ['Invocations'] },
      latency: { namespace: 'AWS/Lambda', names: ['Duration'] },
      latencyPerMs: 1,
      latencyUnit: ' ms',
    };
  }
  return undefined;
}
