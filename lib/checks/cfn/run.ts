import { CfnResource, CrossStackResolver, TemplateIndex } from '../template-index';

/**
 * The cross-stack resolver the engine builds for a run (`crossStackResolver`), with what rules may ask of the run's
 * other templates beyond imports and outputs. @internal
 */
export interface RunResolver extends CrossStackResolver {
  /** The resources of this type in every template of the run, each with its template (whatever the world). */
  ofType?(type: string): readonly { index: TemplateIndex; resource: CfnResource }[];
}

/** The resources of `type` in the run's other templates (none when the template is checked alone). @internal */
export function elsewhereInRun(index: TemplateIndex, type: string): readonly { index: TemplateIndex; resource: CfnResource }[] {
  return ((index.resolver as RunResolver | undefined)?.ofType?.(type) ?? []).filter((o) => o.index !== index);
}
