import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction, isServiceStateMachine } from '../../cfn/service-compute';
import { EnvSource, containerText, containers, environments, isServiceTaskDefinition, literal } from '../../cfn/environment';

const TRACER = /xray|x-ray|aws-otel|otel-?collector|opentelemetry-collector|adot/i;
const ADOT_LAYER = /aws-otel|AWSOpenTelemetryDistro/i;

/** The SDK switches that turn tracing off: OpenTelemetry's (spec) and the X-Ray SDK's. */
const OTEL_OFF: Array<[string, RegExp]> = [['OTEL_SDK_DISABLED', /^true$/i], ['OTEL_TRACES_EXPORTER', /^none$/i]];
const XRAY_OFF: Array<[string, RegExp]> = [['AWS_XRAY_SDK_ENABLED', /^false$/i]];

/** The variables of `env` that switch one SDK family off (`NAME=value`); undefined when one is decided at deploy time. */
function switchedOff(env: EnvSource, family: Array<[string, RegExp]>): string[] | undefined {
  const out: string[] = [];
  for (const [name, off] of family) {
    const v = env.value(name);
    if (v.k === 'absent') continue;
    const s = literal(v);
    if (s === undefined) return undefined;
    if (off.test(s.trim())) out.push(`${name}=${s}`);
  }
  return out;
}

/**
 * LOG-TRACING: requests are traced (X-Ray or OpenTelemetry).
 *
 * Decisions: a Lambda function's ADOT layer passes only with an /opt/otel-*
 * AWS_LAMBDA_EXEC_WRAPPER (the layer instruments the handler through it; without
 * it, or with another wrapper, unknown) and fails with the OpenTelemetry SDK
 * switched off (OTEL_SDK_DISABLED=true, OTEL_TRACES_EXPORTER=none). An ECS
 * tracing sidecar passes unless an application container switches its SDK off:
 * both the OpenTelemetry and the X-Ray switch (AWS_XRAY_SDK_ENABLED=false) fail,
 * one of them is unknown (the application may trace through the other).
 *
 * A Step Functions state machine that serves (an API Gateway integration or an AppSync data source starts it:
 * isServiceStateMachine) is part of the request path the item asks to trace, as a serving function is: it passes with
 * `TracingConfiguration.Enabled` true (X-Ray traces the execution and joins the caller's trace) and fails without.
 * A state machine a schedule, a rule or a function starts is not judged, as a helper function is not.
 */
export const LogTracing: AwsRule = {
  id: 'LogTracing',
  items: ['LOG-TRACING'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::StepFunctions::StateMachine'],
  severity: Severity.LOW,
  description: 'Serving Step Functions state machines (started by an API Gateway integration or an AppSync data source) have TracingConfiguration.Enabled true; serving Lambda functions have TracingConfig.Mode Active (or the ADOT layer with its /opt/otel-* AWS_LAMBDA_EXEC_WRAPPER and the OpenTelemetry SDK not switched off); ECS service tasks run an X-Ray daemon or ADOT/OpenTelemetry collector container, and their application containers do not switch their tracing SDK off (OTEL_SDK_DISABLED=true, OTEL_TRACES_EXPORTER=none, AWS_XRAY_SDK_ENABLED=false).',
  fix: 'Lambda: tracing: Tracing.ACTIVE. Step Functions: tracingEnabled: true. ECS: add an aws-xray-daemon or aws-otel-collector sidecar to the task definition.',
  check(res, { index }) {
    if (res.type === 'AWS::StepFunctions::StateMachine') {
      if (!isServiceStateMachine(res, index)) return undefined;
      const p = 'Properties.TracingConfiguration.Enabled';
      const enabled = index.prop(res, 'TracingConfiguration.Enabled');
      if (V.isTrue(enabled)) return pass(p, enabled, 'X-Ray tracing of the state machine\'s executions');
      return fail(p, enabled.k === 'absent' ? '(not set: false)' : enabled, `state machine ${res.logicalId} serves requests (an API or AppSync starts it) without X-Ray tracing: its executions are not traced`);
    }
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      const mode = index.prop(res, 'TracingConfig.Mode');
      const p = 'Properties.TracingConfig.Mode';
      if (mode.k === 'lit' && V.str(mode) === 'Active') return pass(p, mode, 'X-Ray active tracing');
      const layers = index.items(index.prop(res, 'Layers'));
      // Only a layer known at synth counts: an open parameter's text names its Default, which is only likely.
      const adot = (layers ?? []).filter((l) => l.k === 'lit' || l.k === 'expr').map((l) => V.show(l)).find((l) => ADOT_LAYER.test(l));
      if (adot) {
        // The ADOT layer instruments the handler only through its wrapper script (AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-...),
        // and not at all with the OpenTelemetry SDK switched off.
        const env = environments(res, index, false)![0];
        const ep = 'Properties.Environment.Variables';
        if (env.unknown) return unknown(ep, undefined, `ADOT layer ${adot}, but the environment that turns it on or off is computed at deploy time (${env.unknown})`);
        const off = switchedOff(env, OTEL_OFF);
        if (off === undefined) return unknown(ep, undefined, `ADOT layer ${adot}, and whether the OpenTelemetry SDK is switched off is decided at deploy time`);
        if (off.length > 0) return fail(ep, off.join(', '), `ADOT layer ${adot}, but the OpenTelemetry SDK is switched off (${off.join(', ')}): requests are not traced`);
        const wrapper = env.value('AWS_LAMBDA_EXEC_WRAPPER');
        const w = literal(wrapper);
        if (w !== undefined && /^\/opt\/otel-/.test(w.trim())) return pass('Properties.Layers', adot, `traced by the AWS Distro for OpenTelemetry layer (AWS_LAMBDA_EXEC_WRAPPER=${w})`);
        if (wrapper.k === 'absent') return unknown(`${ep}.AWS_LAMBDA_EXEC_WRAPPER`, undefined, `ADOT layer ${adot} without AWS_LAMBDA_EXEC_WRAPPER: the layer instruments the handler only through its /opt/otel-* wrapper; tracing then depends on SDK code the template cannot show`);
        return unknown(`${ep}.AWS_LAMBDA_EXEC_WRAPPER`, V.show(wrapper), `ADOT layer ${adot} with AWS_LAMBDA_EXEC_WRAPPER=${V.show(wrapper)}, not an /opt/otel-* wrapper of the layer: whether requests are traced cannot be seen`);
      }
      if (mode.k === 'unknown') return unknown(p, mode, `tracing mode decided at deploy time (${mode.why})`);
      if (layers === undefined && index.prop(res, 'Layers').k === 'unknown') return unknown('Properties.Layers', undefined, 'no active tracing, and the layers are decided at deploy time (one may be the ADOT layer)');
      if ((layers ?? []).some((l) => l.k === 'unknown')) return unknown('Properties.Layers', undefined, 'no active tracing, and a layer is decided at deploy time (it may be the ADOT layer)');
      return fail(p, mode, `tracing is ${mode.k === 'absent' ? 'PassThrough (the default)' : V.show(mode)}: requests are not traced`);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    const all = containers(res, index).map((c) => containerText(c.val, index));
    const tracer = all.find((c) => TRACER.test(c.name) || TRACER.test(c.image));
    if (tracer) {
      // The sidecar only receives what the application sends: an application with its tracing SDKs switched off sends nothing.
      for (const env of environments(res, index, true) ?? []) {
        if (env.unknown) return unknown(env.path, undefined, `tracing sidecar ${tracer.name || tracer.image}, but ${env.label}'s environment is computed at deploy time (${env.unknown}): its tracing SDK may be switched off`);
        const otel = switchedOff(env, OTEL_OFF);
        const xray = switchedOff(env, XRAY_OFF);
        if (otel === undefined || xray === undefined) return unknown(env.path, undefined, `tracing sidecar ${tracer.name || tracer.image}, but whether ${env.label} switches its tracing SDK off is decided at deploy time`);
        if (otel.length > 0 && xray.length > 0) return fail(env.path, [...otel, ...xray].join(', '), `${env.label} switches off both the OpenTelemetry and the X-Ray SDK (${[...otel, ...xray].join(', ')}): the tracing sidecar receives nothing`);
        if (otel.length > 0 || xray.length > 0) {
          return unknown(env.path, [...otel, ...xray].join(', '), `${env.label} switches off one tracing SDK (${[...otel, ...xray].join(', ')}): requests are traced only if it uses the other`);
        }
      }
      return pass('Properties.ContainerDefinitions', tracer.name || tracer.image, `tracing sidecar ${tracer.name || tracer.image}`);
    }
    if (all.some((c) => c.imageUnknown)) return unknown('Properties.ContainerDefinitions', undefined, 'no recognisable tracing sidecar, and some container images are set at deploy time');
    return fail('Properties.ContainerDefinitions', all.map((c) => c.name).join(', '), 'no X-Ray daemon or OpenTelemetry collector container: requests are not traced');
  },
};
