import { Severity } from '../../model';
import { AwsRule, fail, unknown, Verdict } from '../../rule';
import { AlarmView, alarmsOn, best, detectionSeconds, fmt, judgeUpper, label, metricFit, MetricRef, metricOpen, openAlarm, rateFactor, PartsCover, timingText, unitFit, unwatchedOf, watchesKind } from '../../cfn/alarms';
import { SERVING_TYPES, servingScope } from './scope';

/** The statistic that gives a count metric's number of events over the period. */
const COUNT_STAT = /^Sum$/i;

/**
 * ALARM-ERROR-RATE: a metric-math alarm on 5xx (or Lambda errors) divided by
 * requests, at or below errorRatePercent, detecting within
 * alarmDetectionMinutes, with an action. A count of 5xx is not a rate: 10
 * errors are a disaster at 20 requests a minute and noise at 20 000. The
 * error and request metrics must be read as AWS publishes them (`metricFit`:
 * the balancer by LoadBalancerFullName, not its ARN; a function by its name
 * `!Ref Fn`, an alias as Resource `<name>:<alias>`, not an ARN; `unitFit`):
 * otherwise they have no data and the rate is never computed.
 *
 * Decisions on what the alarm computes:
 * - Statistic: every error and request metric the expression reads must be
 *   read with `Sum`, the number of errors / requests in the period.
 *   ALB HTTPCode_Target_5XX_Count / HTTPCode_ELB_5XX_Count and RequestCount
 *   are published only when non-zero, and their Minimum, Maximum and Average
 *   are 1 (AWS: "the most useful statistic is Sum"); a SampleCount counts
 *   data points, a percentile is the size of one data point. Lambda Errors
 *   and Invocations are counted by their Sum (AWS: "to get a count ... view
 *   the Sum"). Any other statistic fails, naming the metric; a statistic
 *   from a parameter without AllowedValues is unknown, naming it
 *   (AllowedValues are judged value by value).
 * - The expression is read for what it computes (`rateFactor`): zero without
 *   errors, proportional to the errors, inversely proportional to the
 *   requests, the error counts added up (several kinds at once read as their
 *   total: `MAX([e5, elb5])` or `ABS(e5 - elb5)` fails), and unchanged by any
 *   other metric it reads; FILL, MAX, MIN, SUM, AVG and ABS are evaluated,
 *   any other function leaves it unknown.
 * - Timing: period x evaluation periods within alarmDetectionMinutes, a period
 *   never counted shorter than the interval AWS publishes the metrics at (once
 *   a minute: `detectionSeconds`); a Period under it that may leave the alarm
 *   without enough data points to fire is unknown (`resolutionGap`).
 * - Metrics read in another account (`AccountId`) than the stack's are not
 *   its resources' (`accountFit`): fail, unknown when an account is decided at
 *   deploy time.
 * - A single metric (a count of errors, or the Average of a 0/1 error metric
 *   alone) is not accepted: the rule asks for errors divided by requests.
 * - An alarm on one alias of a function (`Resource: <function>:<alias>`)
 *   sees only the invocations made through it: it fails while the template
 *   invokes the function itself or another alias or qualifier of it (an event source mapping, a function URL or
 *   permission on it, an EventBridge rule, schedule or SNS subscription
 *   targeting its ARN, or an API Gateway integration, state machine, AppSync
 *   data source, pipe, target group, trigger or subscription naming it
 *   unqualified), and is unknown while any other resource names the function
 *   itself (IAM grants are not calls). A load balancer alarm on one
 *   availability zone, or on one target group while the listeners route to
 *   (or a blue/green deployment swaps in) another, is unknown; alarms on
 *   each target group are added up. An API alarm on one route (Method and Resource
 *   dimensions) does not watch the API either. The latency rules judge
 *   these alarms the same way.
 * - A load balancer's clients see its targets' 5xx and its own (502, 503
 *   with no healthy target, 504 when a target times out): the rate must count
 *   both HTTPCode_Target_5XX_Count and HTTPCode_ELB_5XX_Count. A rate of the
 *   targets' alone stays silent while every target is down.
 * - API Gateway: a REST API's 5XXError and an HTTP API's 5xx are 1 for each
 *   failed request and 0 for each other, so their Sum counts errors; Count is
 *   1 per request, so its Sum or SampleCount counts requests. A REST API is
 *   named by its Name (or its inline OpenAPI title), never by `!Ref` (its
 *   id); an HTTP API by its id. Two REST APIs of one name publish their
 *   metrics together: unknown. A REST API whose name is not in the template
 *   (an OpenAPI file on S3) without an alarm found is unknown. A WebSocket API
 *   (errors counted per message) is unknown. AWS documents the Average of a
 *   REST API's 5XXError as its error rate: a single-metric alarm on it counts,
 *   its threshold a fraction (0.01 for 1 %). Not for HTTP APIs, for which AWS
 *   does not document it.
 * - A serving Step Functions state machine (an API Gateway integration or an
 *   AppSync data source starts it: `isServiceStateMachine`) is judged like a
 *   serving function: its errors are AWS/States ExecutionsFailed and
 *   ExecutionsTimedOut (a rate must count both; ExecutionsAborted may be
 *   added), its requests ExecutionsStarted, each read with Sum and the
 *   dimension StateMachineArn (`!Ref` or `!GetAtt .Arn`, or its ARN written out, literal or Fn::Sub, with its
 *   StateMachineName: judged on its partition, region and account, see `stateMachineArn` in cfn/alarms.ts; a
 *   literal one while the stack's region or account is not known is unknown). A function's or the
 *   API's alarm does not watch it: an execution that fails is answered with
 *   200 by StartExecution / StartSyncExecution.
 */
export const AlarmErrorRate: AwsRule = {
  id: 'AlarmErrorRate',
  items: ['ALARM-ERROR-RATE'],
  types: SERVING_TYPES,
  severity: Severity.HIGH,
  description: 'An internet-facing ALB, serving Lambda function, API Gateway REST or HTTP API, or serving Step Functions state machine (one an API or AppSync starts) has a metric-math alarm on errors / requests (the Sum of each, read with the dimensions AWS publishes them with; a load balancer\'s errors are its targets\' 5xx and its own; a state machine\'s are its failed and timed-out executions) at or below the error-rate threshold, evaluated within the detection window, with an action.',
  fix: 'Add a cloudwatch.Alarm on MathExpression "100 * errors / requests" (the Sum of HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count / RequestCount, of Lambda Errors / Invocations, of API Gateway 5XXError (HTTP APIs: 5xx) / Count, or of AWS/States ExecutionsFailed + ExecutionsTimedOut / ExecutionsStarted by StateMachineArn) with threshold <= 1, period x evaluationPeriods <= 3 minutes, and an SNS action.',
  check(res, { index, thresholds }) {
    const scope = servingScope(index, res);
    if (!scope) return undefined;
    if (scope.unjudged) return unknown(undefined, undefined, scope.unjudged);
    const pct = thresholds.get('errorRatePercent');
    const maxSeconds = thresholds.get('alarmDetectionMinutes') * 60;
    const isError = (m: MetricRef) => watchesKind(index, m, scope.errors, scope.targets) === true;
    const isRequests = (m: MetricRef) => watchesKind(index, m, scope.requests, scope.targets) === true;
    const verdicts: Verdict[] = [];
    const cover = new PartsCover();
    /** A passing threshold verdict, judged on how soon the alarm fires. */
    const timely = (view: AlarmView, v: Verdict): Verdict => {
      if (v.status !== 'pass') return v;
      const l = label(view);
      const seconds = detectionSeconds(view);
      if (seconds === undefined) return unknown(`${l}.EvaluationPeriods`, view.evaluationPeriods, `error-rate alarm ${l}: period x evaluation periods not known at synth`);
      if (seconds > maxSeconds) return fail(`${l}.EvaluationPeriods`, String(seconds), `error-rate alarm ${l} needs ${seconds} s (${timingText(view, seconds)}) to fire, more than alarmDetectionMinutes ${maxSeconds / 60} min`);
      return { ...v, message: `${v.message}; fires within ${seconds} s (limit ${maxSeconds} s)` };
    };
    for (const view of alarmsOn(index, scope.targets)) {
      const l = label(view);
      if (view.open !== undefined) {
        verdicts.push(openAlarm(view, `what alarm ${l} computes is not known: ${view.open}`));
        continue;
      }
      const errs = view.metrics.filter(isError);
      const maybe = view.metrics.find((m) => watchesKind(index, m, scope.errors, scope.targets) === undefined);
      if (errs.length === 0) {
        if (maybe) verdicts.push(openAlarm(view, `whether alarm ${l} counts errors of this ${scope.noun} is not known: ${metricOpen(maybe)}`));
        continue;
      }
      const exprId = view.returned?.expressionId;
      if (!exprId && scope.averageIsRate && view.metrics.length === 1 && /^Average$/i.test(errs[0].stat ?? '')) {
        // A REST API's 5XXError is 1 for each failed request and 0 for each other: its Average is the error rate, a fraction.
        const fit = metricFit(index, errs[0], scope.targets[0]);
        const unit = unitFit(errs[0]);
        const wrong = fit.wrong ?? unit.wrong;
        const undecided = fit.open ?? unit.open;
        if (wrong !== undefined) verdicts.push(fail(`${l}.Dimensions`, undefined, `alarm ${l} is not an error rate of this ${scope.noun}: ${errs[0].name} ${wrong}`));
        else if (undecided !== undefined) verdicts.push(openAlarm(view, `whether alarm ${l} gets ${errs[0].name} data is not known: ${undecided}`));
        else verdicts.push(timely(view, judgeUpper(index, view, pct / 100, `error rate (the Average of ${errs[0].name})`, ' (fraction of requests)')));
        continue;
      }
      if (!exprId) {
        verdicts.push(fail(`${l}.MetricName`, errs[0].name, `alarm ${l} counts ${errs[0].name} but is not an error rate: divide by ${scope.requests.names.join('/')} in metric math${scope.averageIsRate ? ` (or alarm on its Average, the fraction of requests that fail)` : ''}`));
        continue;
      }
      const open = view.metrics.find((m) => metricOpen(m) !== undefined);
      if (open) {
        verdicts.push(openAlarm(view, `alarm ${l} reads metric ${open.id ?? '?'}, which is decided at deploy time: ${metricOpen(open)}`));
        continue;
      }
      // An error or request count read with dimensions AWS does not publish it with (or by the ARN where
      // CloudWatch names the balancer by its full name), or in another Unit, has no data: the rate is never computed.
      const fits = view.metrics.filter((m) => isError(m) || isRequests(m)).map((m) => {
        const dims = metricFit(index, m, scope.targets[0]);
        const unit = unitFit(m);
        return { m, wrong: dims.wrong ?? unit.wrong, open: dims.open ?? unit.open, property: dims.wrong !== undefined ? 'Dimensions' : 'Unit' };
      });
      const wrong = fits.find((f) => f.wrong !== undefined);
      if (wrong) {
        verdicts.push(fail(`${l}.Metrics`, wrong.m.id, `alarm ${l} is not an error rate of this ${scope.noun}: metric ${wrong.m.id ?? '?'} (${wrong.m.name}) ${wrong.property === 'Dimensions' ? 'gets no data' : 'asks for another unit'}: ${wrong.wrong}`));
        continue;
      }
      const undecided = fits.find((f) => f.open !== undefined);
      if (undecided) {
        verdicts.push(openAlarm(view, `whether metric ${undecided.m.id ?? '?'} of alarm ${l} gets ${undecided.m.name} data is not known: ${undecided.open}`));
        continue;
      }
      const r = rateFactor(view, exprId, isError, isRequests);
      if (r.factor === undefined) {
        verdicts.push(r.uninterpretable
          ? unknown(`${l}.Metrics`, view.expressions.get(exprId), `cannot interpret the expression of alarm ${l}: ${r.reason}`)
          : fail(`${l}.Metrics`, view.expressions.get(exprId), `alarm ${l} is not an error rate: ${r.reason}`));
        continue;
      }
      // The expression divides counts only when each metric it reads is the count over the period: its Sum.
      const notCounted = (r.used ?? []).find((m) => !(isError(m) ? COUNT_STAT : scope.requestStats).test(m.stat ?? ''));
      if (notCounted) {
        const what = isError(notCounted) ? 'errors' : 'requests';
        verdicts.push(fail(`${l}.Metrics`, notCounted.stat ?? '(not set)', `alarm ${l} is not an error rate: metric ${notCounted.id ?? '?'} (${notCounted.name}) is read with ${notCounted.stat ?? 'no statistic'}, not Sum: it is not the number of ${what}`));
        continue;
      }
      // A load balancer's clients see its own 5xx too (502, 503 with no healthy target, 504 on a target's timeout).
      const counted = new Set((r.used ?? []).filter(isError).map((m) => m.name));
      const uncounted = scope.mustCount ? scope.mustCount.names.filter((n) => !counted.has(n)) : [];
      if (uncounted.length > 0) {
        verdicts.push(fail(`${l}.Metrics`, [...counted].join(', '), `alarm ${l} counts ${[...counted].join(' and ')} but not ${uncounted.join(' and ')}: ${scope.mustCount!.why}`));
        continue;
      }
      const aside = unwatchedOf(index, (r.used ?? []).filter(isError), scope.targets[0]);
      const unit = Math.abs(r.factor - 100) < 1e-9 ? ' %' : r.factor === 1 ? ' (fraction of requests)' : ` (x${fmt(r.factor)})`;
      if (aside?.parts) {
        // The errors of one part (a target group, a stage): added up with the alarms on the others.
        const v = timely(view, judgeUpper(index, view, (pct * r.factor) / 100, 'error rate', unit));
        if (v.status === 'pass') cover.add(view, aside, openAlarm(view, `alarm ${l} ${aside.text}`));
        else verdicts.push(v);
        continue;
      }
      if (aside) {
        verdicts.push(aside.open ? openAlarm(view, `alarm ${l} ${aside.text}`) : fail(`${l}.Metrics`, undefined, `alarm ${l} ${aside.text}`));
        continue;
      }
      verdicts.push(timely(view, judgeUpper(index, view, (pct * r.factor) / 100, 'error rate', unit)));
    }
    verdicts.push(...cover.verdicts(index, res));
    return best(verdicts, () => scope.unnamed ? unknown(undefined, undefined, scope.unnamed) : fail(undefined, undefined, `no error-rate alarm (${scope.errors.names.join(' or ')} / ${scope.requests.names.join('/')}) watches this ${scope.noun}`));
  },
};
