import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';
import { isServiceFunction } from '../../cfn/service-compute';
import { containerText, containers, isServiceTaskDefinition } from '../../cfn/environment';

const TRACER = /xray|x-ray|aws-otel|otel-?collector|opentelemetry-collector|adot/i;
const ADOT_LAYER = /aws-otel|AWSOpenTelemetryDistro/i;

/**
 * Whether a container image is only partly computed: a URI built from an ECR
 * repository of this template (`ContainerImage.fromEcrRepository` renders the
 * account and region with Fn::Select/Fn::Split), whose repository and tag are known.
 */
function imageFromTemplateRepository(def: any, index: TemplateIndex): boolean {
  const raw = def?.Image;
  if (JSON.stringify(raw ?? null).includes('Fn::ImportValue')) return false;
  const refs = [...refsIn(raw)].map((id) => index.get(id));
  return refs.length > 0 && refs.every((r): r is CfnResource => r !== undefined) && refs.some((r) => r.type === 'AWS::ECR::Repository');
}

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
      if (V.str(mode) === 'Active') return pass(p, mode, 'X-Ray active tracing');
      const layers = (V.list(index.prop(res, 'Layers')) ?? []).map((l) => V.show(index.value(l)));
      const adot = layers.find((l) => ADOT_LAYER.test(l));
      if (adot) return pass('Properties.Layers', adot, 'traced by the AWS Distro for OpenTelemetry layer');
      if (mode.k === 'unknown') return unknown(p, mode, `tracing mode decided at deploy time (${mode.why})`);
      return fail(p, mode, `tracing is ${mode.k === 'absent' ? 'PassThrough (the default)' : V.show(mode)}: requests are not traced`);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    const defs = containers(res, index);
    const all = defs.map((c) => containerText(c.def, index));
    const tracer = all.find((c) => TRACER.test(c.name) || TRACER.test(c.image));
    if (tracer) return pass('Properties.ContainerDefinitions', tracer.name || tracer.image, `tracing sidecar ${tracer.name || tracer.image}`);
    if (all.some((c, i) => c.imageUnknown && !imageFromTemplateRepository(defs[i].def, index))) return unknown('Properties.ContainerDefinitions', undefined, 'no recognisable tracing sidecar, and some container images are set at deploy time');
    return fail('Properties.ContainerDefinitions', all.map((c) => c.name).join(', '), 'no X-Ray daemon or OpenTelemetry collector container: requests are not traced');
  },
};
