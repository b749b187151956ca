import { ApiObject, Duration } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ThresholdOverrides } from '../checklist/thresholds';
import { claim, thresholdsFor } from '../checklist/guard';
import { refuse } from './private/guard';

/**
 * One step of a canary release.
 */
export class CanaryStep {
  /**
   * Send this percentage of the traffic (of the pods, without a traffic router) to the new version.
   * @param percent 1 to 100
   */
  public static shiftTraffic(percent: number): CanaryStep {
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new Error(`CanaryStep.setWeight: ${percent} is not a percentage from 1 to 100`);
    return new CanaryStep({ setWeight: percent }, percent);
  }

  /** Wait this long (while the analysis runs) before the next step. */
  public static pause(duration: Duration): CanaryStep {
    return new CanaryStep({ pause: { duration: `${duration.toSeconds()}s` } });
  }

  /** Wait until a person promotes the release (`kubectl argo rollouts promote`). */
  public static pauseUntilPromoted(): CanaryStep {
    return new CanaryStep({ pause: {} });
  }

  /** The weight this step sets, if it is a `setWeight` step. */
  public readonly weight?: number;
  private readonly json: { [key: string]: unknown };

  private constructor(json: { [key: string]: unknown }, weight?: number) {
    this.json = json;
    this.weight = weight;
  }

  /** @internal */
  public _toJson(): { [key: string]: unknown } {
    return this.json;
  }
}

/**
 * How a canary release is analysed.
 */
export interface WorkloadCanaryOptions {
  /** The Prometheus server the analysis queries, e.g. `http://prometheus.monitoring:9090`. */
  readonly prometheusAddress: string;
  /**
   * The steps of the release. At least one `setWeight` below 100. The background
   * analysis runs from the second step until the steps end: their pauses must
   * last longer than `interval x failureLimit`, or the release is promoted
   * before the analysis can fail.
   * @default - 10 % for 2 minutes, 25 % for 2 minutes, 50 % for 5 minutes, then 100 %
   */
  readonly steps?: CanaryStep[];
  /**
   * A PromQL query returning the success rate (0..1) of the service; `{{args.service-name}}`
   * and `{{args.namespace}}` are substituted.
   * @default - 1 - 5xx / all of `http_requests_total` of the service over 2 minutes
   */
  readonly successRateQuery?: string;
  /**
   * A PromQL query returning the p95 latency of the service, in seconds.
   * @default - `histogram_quantile(0.95, ...)` over `http_request_duration_seconds_bucket` of the service over 2 minutes
   */
  readonly latencyP95Query?: string;
  /**
   * How often each metric is measured.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Failed measurements tolerated before the release is aborted and rolled back.
   * `interval x (failureLimit + 1)` must stay within the catalog's alarmDetectionMinutes.
   * @default 1
   */
  readonly failureLimit?: number;
}

/**
 * Properties of `CanaryRollout`.
 */
export interface CanaryRolloutProps extends WorkloadCanaryOptions {
  /** The Deployment whose pod template the Rollout releases (`workloadRef`). */
  readonly deployment: Deployment;
  /** The name of the Service in front of the pods (an analysis argument). */
  readonly serviceName: string;
  /**
   * The name of the Rollout; the AnalysisTemplate is `<name>-canary`.
   * @default - the Deployment's name
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespaceName?: string;
  /**
   * Labels of the Rollout and AnalysisTemplate.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Tightened thresholds (errorRatePercent, latencyP95Ms, alarmDetectionMinutes).
   * @default - the catalog's, tightened by the `cdk-golive:thresholds` context
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * An Argo Rollouts canary release of a Deployment (checklist items
 * DEPLOY-PROGRESSIVE and DEPLOY-CANARY-ROLLBACK): a `Rollout` that takes the
 * Deployment's pod template by `workloadRef` (scaling the Deployment down
 * progressively), shifts weight step by step, and runs an `AnalysisTemplate`
 * in the background on the Prometheus success rate (>= 100 - errorRatePercent %)
 * and p95 latency (< latencyP95Ms). A failed analysis aborts the release: Argo
 * sends all traffic back to the stable version and scales the canary down.
 *
 * Requires the Argo Rollouts controller and CRDs in the cluster.
 */
export class CanaryRollout extends Construct {
  /** The `argoproj.io/v1alpha1` Rollout. */
  public readonly rollout: ApiObject;
  /** The `argoproj.io/v1alpha1` AnalysisTemplate. */
  public readonly analysisTemplate: ApiObject;
  /** The Rollout's name. */
  public readonly rolloutName: string;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    this.rolloutName = props.name ?? props.deployment.name;
    const templateName = `${this.rolloutName}-canary`;
    const steps = props.steps ?? [
      CanaryStep.shiftTraffic(10), CanaryStep.pause(Duration.minutes(2)),
      CanaryStep.shiftTraffic(25), CanaryStep.pause(Duration.minutes(2)),
      CanaryStep.shiftTraffic(50), CanaryStep.pause(Duration.minutes(5)),
    ];
    if (!steps.some((s) => s.weight !== undefined && s.weight < 100)) {
      refuse(this, 'DEPLOY-PROGRESSIVE', 'steps', 'no setWeight step below 100 %, so the release shifts all traffic at once');
    }
    const interval = props.interval ?? Duration.minutes(1);
    const failureLimit = props.failureLimit ?? 1;
    if (!Number.isInteger(failureLimit) || failureLimit < 0) throw new Error(`CanaryRollout ${this.node.path}: failureLimit must be a non-negative integer`);
    const detectionMinutes = (interval.toSeconds() * (failureLimit + 1)) / 60;
    if (detectionMinutes > t.alarmDetectionMinutes) {
      refuse(this, 'DEPLOY-CANARY-ROLLBACK', 'interval x (failureLimit + 1)',
        `${detectionMinutes} minutes to abort a failing release, longer than the catalog's alarmDetectionMinutes (${t.alarmDetectionMinutes})`);
    }
    // The background analysis starts at step 1 and is stopped when the steps end: a canary failing every measurement
    // fails the run at interval x failureLimit at the earliest, which the pauses from step 1 on must exceed.
    const window = steps.slice(1).reduce((sum, s) => {
      const pause = s._toJson().pause as { duration?: string } | undefined;
      if (!pause) return sum;
      return pause.duration === undefined ? Infinity : sum + Number(pause.duration.replace(/s$/, ''));
    }, 0);
    const failsAt = interval.toSeconds() * failureLimit;
    if (failsAt > 0 && failsAt >= window) {
      refuse(this, 'DEPLOY-CANARY-ROLLBACK', 'steps',
        `the steps from the second on pause ${window} s in all, and Argo stops the background analysis when they end: a failing release is only detected after interval x failureLimit = ${failsAt} s`);
    }
    if (!/^https?:\/\/\S+$/.test(props.prometheusAddress)) throw new Error(`CanaryRollout ${this.node.path}: prometheusAddress '${props.prometheusAddress}' is not an http(s) URL`);

    const minSuccess = round((100 - t.errorRatePercent) / 100);
    const maxLatencySeconds = round(t.latencyP95Ms / 1000);
    const sel = 'namespace="{{args.namespace}}",service="{{args.service-name}}"';
    const successQuery = props.successRateQuery ??
      `sum(rate(http_requests_total{${sel},code!~"5.."}[2m])) / sum(rate(http_requests_total{${sel}}[2m]))`;
    const latencyQuery = props.latencyP95Query ??
      `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${sel}}[2m])))`;
    const metric = (name: string, condition: string, query: string) => ({
      name,
      interval: `${interval.toSeconds()}s`,
      failureLimit,
      successCondition: condition,
      provider: { prometheus: { address: props.prometheusAddress, query } },
    });
    const metadata = { namespace: props.namespaceName, labels: props.labels };

    this.analysisTemplate = new ApiObject(this, 'AnalysisTemplate', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { ...metadata, name: templateName },
      spec: {
        args: [{ name: 'service-name' }, { name: 'namespace' }],
        metrics: [
          metric('success-rate', `result[0] >= ${minSuccess}`, successQuery),
          metric('latency-p95', `result[0] < ${maxLatencySeconds}`, latencyQuery),
        ],
      },
    });

    this.rollout = new ApiObject(this, 'Rollout', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { ...metadata, name: this.rolloutName },
      spec: {
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: 600,
        progressDeadlineAbort: true,
        selector: { matchLabels: props.deployment.matchLabels },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment.name, scaleDown: 'progressively' },
        strategy: {
          canary: {
            maxSurge: 1,
            maxUnavailable: 0,
            analysis: {
              templates: [{ templateName }],
              startingStep: 1,
              args: [
                { name: 'service-name', value: props.serviceName },
                { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              ],
            },
            steps: steps.map((s) => s._toJson()),
          },
        },
      },
    });
    claim(this, 'DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK');
  }
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
