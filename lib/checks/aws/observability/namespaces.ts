import { CfnResource, TemplateIndex, V } from '../../template-index';
import { environments } from '../../cfn/environment';
import { taskDefinitionOf } from './signals';

/** Namespaces AWS or its agents publish to: not the application's own. @internal */
export const PLATFORM_NAMESPACE = /^(AWS\/|ECS\/ContainerInsights|ContainerInsights|LambdaInsights|CWAgent|CloudWatchSynthetics|ApplicationSignals)/;

/** Settings that name the namespace the application publishes its metrics to. @internal */
export const NAMESPACE_SETTING = /^(POWERTOOLS_METRICS_NAMESPACE|AWS_EMF_NAMESPACE|METRICS_NAMESPACE|CLOUDWATCH_NAMESPACE|[A-Z0-9_]*_METRICS_NAMESPACE)$/;

/** The metric namespaces service compute declares in its environment (ECS service or task definition, or function). @internal */
export function declaredNamespaces(res: CfnResource, index: TemplateIndex): string[] {
  const target = res.type === 'AWS::ECS::Service' ? taskDefinitionOf(res, index) : res;
  if (!target) return [];
  const envs = environments(target, index, false) ?? [];
  const out: string[] = [];
  for (const env of envs) {
    for (const [name, v] of env.vars) {
      if (!NAMESPACE_SETTING.test(name.toUpperCase())) continue;
      // A namespace built with Fn::Sub (`${AWS::StackName}-app`) is compared as the text the dashboard would show.
      const text = v.k === 'expr' ? v.text : V.str(v);
      if (text) out.push(text);
    }
  }
  return [...new Set(out)];
}
