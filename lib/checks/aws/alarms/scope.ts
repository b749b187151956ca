import { CfnResource, TemplateIndex, V } from '../../template-index';
import { invocationTargets, isServiceFunction, isServiceStateMachine } from '../../cfn/service-compute';
import { apiStages, givenName, MetricKind } from '../../cfn/alarms';
import { isInternetFacingAlb, listenersOf } from '../../cfn/load-balancers';
import { REST_API } from '../../cfn/edge';

/**
 * What request-level alarms (error rate, latency) watch for a resource they
 * are dispatched to: an internet-facing ALB (metrics named by the balancer,
 * or by one of its listeners for target-group metrics), a serving Lambda
 * function (metrics named by the function or one of its aliases), or an API
 * Gateway REST or HTTP API (metrics named by the API: a REST API by its name,
 * an HTTP API by its id; a stage by its name), or a serving Step Functions
 * state machine (`isServiceStateMachine`: an API or AppSync starts it; AWS/States
 * metrics named by StateMachineArn). Undefined when the resource is not a
 * service entry point.
 * @internal
 */
export interface ServingScope {
  readonly kind: 'alb' | 'lambda' | 'api' | 'state-machine';
  /** The resource in words, for messages: `load balancer`, `function`, `API`, `state machine`. */
  readonly noun: string;
  /**
   * Why the rules cannot judge this entry point's alarms (a WebSocket API, whose errors are per message; a protocol
   * decided at deploy time): the verdict is unknown.
   */
  readonly unjudged?: string;
  /**
   * Why no alarm found is not a fail: the API's name, which its metrics carry, is not in the template (an OpenAPI
   * definition read from S3), so an alarm naming it cannot be recognised.
   */
  readonly unnamed?: string;
  /**
   * The error metrics an error rate must count, and why a rate without one of them misses errors (a load balancer's
   * targets' 5xx and its own; a state machine's failed and timed-out executions).
   */
  readonly mustCount?: { readonly names: string[]; readonly why: string };
  /**
   * Why the latency items do not apply (a Standard state machine runs asynchronously: the client is answered with
   * the execution's ARN before it runs): the latency rules give no finding.
   */
  readonly noLatency?: string;
  /** Why whether the latency items apply is decided at deploy time: the latency rules are unknown. */
  readonly latencyOpen?: string;
  /** The Average of the error metric is the error rate (a REST API's 5XXError, as AWS documents it). */
  readonly averageIsRate?: boolean;
  /** The statistics that count requests: Sum, and for API Gateway's Count (1 per request) SampleCount too. */
  readonly requestStats: RegExp;
  /** Resources a metric dimension may reference. */
  readonly targets: CfnResource[];
  readonly errors: MetricKind;
  readonly requests: MetricKind;
  readonly latency: MetricKind;
  /** Latency metric unit per millisecond (ALB TargetResponseTime is in seconds). */
  readonly latencyPerMs: number;
  readonly latencyUnit: string;
}

const HTTP_API = 'AWS::ApiGatewayV2::Api';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const SUM = /^Sum$/i;

/** @internal */
export const SERVING_TYPES = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Lambda::Function', REST_API, HTTP_API, STATE_MACHINE];

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
      noun: 'load balancer',
      requestStats: SUM,
      mustCount: {
        names: ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'],
        why: 'the 502, 503 and 504 the load balancer answers itself (no healthy target, a target timing out or resetting) are not in its error rate',
      },
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
      noun: 'function',
      requestStats: SUM,
    };
  }
  if (res.type === STATE_MACHINE) {
    if (!isServiceStateMachine(res, index)) return undefined;
    const type = index.prop(res, 'StateMachineType');
    const typeText = V.str(type);
    return {
      kind: 'state-machine',
      targets: [res],
      errors: { namespace: 'AWS/States', names: ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'] },
      requests: { namespace: 'AWS/States', names: ['ExecutionsStarted'] },
      latency: { namespace: 'AWS/States', names: ['ExecutionTime'] },
      latencyPerMs: 1,
      latencyUnit: ' ms',
      noun: 'state machine',
      requestStats: SUM,
      mustCount: {
        names: ['ExecutionsFailed', 'ExecutionsTimedOut'],
        why: 'Step Functions counts an execution that fails in ExecutionsFailed and one that runs past its TimeoutSeconds (an Express execution past 5 minutes) in ExecutionsTimedOut, each a request that got no result: the other kind is not in its error rate',
      },
      // StateMachineType: STANDARD when absent; only an Express state machine runs synchronously (StartSyncExecution).
      noLatency: type.k === 'absent' || typeText === 'STANDARD' ? `state machine ${res.logicalId} is a Standard workflow: it runs asynchronously (StartExecution answers with the execution's ARN before it runs), so its ExecutionTime is not the latency its clients see (the API's is)` : undefined,
      latencyOpen: type.k === 'unknown' ? `the type of state machine ${res.logicalId} (StateMachineType) is decided at deploy time (${type.why}): whether it serves synchronously (EXPRESS) is not known` : undefined,
    };
  }
  if (res.type === REST_API) {
    const unnamed = givenName(index, res) ? undefined : `the name of REST API ${res.logicalId}, which its metrics carry (ApiName), is not in the template (its OpenAPI definition is read from S3): an alarm naming it cannot be recognised`;
    return { ...apiScope(index, res, '5XXError'), unnamed, averageIsRate: true };
  }
  if (res.type === HTTP_API) {
    const protocol = index.prop(res, 'ProtocolType');
    // Without a ProtocolType the API is imported from an OpenAPI definition: an HTTP API.
    const unjudged = protocol.k === 'unknown' ? `the protocol of API ${res.logicalId} is decided at deploy time (${protocol.why})`
      : protocol.k !== 'absent' && V.str(protocol) !== 'HTTP' ? `API ${res.logicalId} is a ${V.str(protocol) ?? V.show(protocol)} API: its errors are counted per message (IntegrationError, ExecutionError), which this rule does not judge` : undefined;
    return { ...apiScope(index, res, '5xx'), unjudged };
  }
  return undefined;
}

/**
 * An API Gateway API's scope: it publishes 5XXError (REST) or 5xx (HTTP), 1 for each failed request and 0 for each
 * other one, so their Sum counts errors; Count is 1 per request (its Sum or SampleCount counts requests); Latency is
 * in milliseconds. Metrics name the API, or one of its stages.
 */
function apiScope(index: TemplateIndex, api: CfnResource, errors: string): ServingScope {
  return {
    kind: 'api',
    noun: 'API',
    targets: [api, ...apiStages(index, api).resources],
    errors: { namespace: 'AWS/ApiGateway', names: [errors] },
    requests: { namespace: 'AWS/ApiGateway', names: ['Count'] },
    latency: { namespace: 'AWS/ApiGateway', names: ['Latency'] },
    latencyPerMs: 1,
    latencyUnit: ' ms',
    requestStats: /^(Sum|SampleCount)$/i,
  };
}
