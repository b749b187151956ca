import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { containerText, containers, isServiceTaskDefinition } from '../../cfn/environment';

const TRACER = /xray|x-ray|aws-otel|otel-?collector|opentelemetry-collector|adot/i;
const ADOT_LAYER = /aws-otel|AWSOpenTelemetryDistro/i;

/** LOG-TRACING: requests are traced (X-Ray or OpenTelemetry). */
export const LogTracing: AwsRule = {
  id: 'LogTracing',
  items: ['LOG-TRACING'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'],
  severity: Severity.LOW,
  description: 'Serving Lambda functions have TracingConfig.Mode Active (or the ADOT layer); ECS service tasks run an X-Ray daemon or ADOT/OpenTelemetry collector container.',
  fix: 'Lambda: tracing: Tracing.ACTIVE. ECS: add an aws-xray-daemon or aws-otel-collector sidecar to the task definition.',
  check(res, { index }) {
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      const mode = index.prop(res, 'TracingConfig.Mode');
      const p = 'Properties.TracingConfig.Mode';
      if (mode.k === 'lit' && V.str(mode) === 'Active') return pass(p, mode, 'X-Ray active tracing');
      const layers = index.items(index.prop(res, 'Layers'));
      // Only a layer known at synth counts: an open parameter's text names its Default, which is only likely.
      const adot = (layers ?? []).filter((l) => l.k === 'lit' || l.k === 'expr').map((l) => V.show(l)).find((l) => ADOT_LAYER.test(l));
      if (adot) return pass('Properties.Layers', adot, 'traced by the AWS Distro for OpenTelemetry layer');
      if (mode.k === 'unknown') return unknown(p, mode, `tracing mode decided at deploy time (${mode.why})`);
      if (layers === undefined && index.prop(res, 'Layers').k === 'unknown') return unknown('Properties.Layers', undefined, 'no active tracing, and the layers are decided at deploy time (one may be the ADOT layer)');
      if ((layers ?? []).some((l) => l.k === 'unknown')) return unknown('Properties.Layers', undefined, 'no active tracing, and a layer is decided at deploy time (it may be the ADOT layer)');
      return fail(p, mode, `tracing is ${mode.k === 'absent' ? 'PassThrough (the default)' : V.show(mode)}: requests are not traced`);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    const all = containers(res, index).map((c) => containerText(c.val, index));
    const tracer = all.find((c) => TRACER.test(c.name) || TRACER.test(c.image));
    if (tracer) return pass('Properties.ContainerDefinitions', tracer.name || tracer.image, `tracing sidecar ${tracer.name || tracer.image}`);
    if (all.some((c) => c.imageUnknown)) return unknown('Properties.ContainerDefinitions', undefined, 'no recognisable tracing sidecar, and some container images are set at deploy time');
    return fail('Properties.ContainerDefinitions', all.map((c) => c.name).join(', '), 'no X-Ray daemon or OpenTelemetry collector container: requests are not traced');
  },
};
