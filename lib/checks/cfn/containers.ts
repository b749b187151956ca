import { CfnResource, TemplateIndex, Val, V } from '../template-index';
import { Undecidable } from '../world';
import { entries } from './lists';

/** One container of a task definition, for per-container rules. @internal */
export interface Container {
  /** The container definition, resolved in the current world (read its fields with `index.field`). */
  readonly def: Val;
  /** Position in `ContainerDefinitions` as written. */
  readonly position: number;
  readonly name: string;
  /** Property path of the container definition. */
  readonly path: string;
}

/**
 * Every container of a task definition in the current world, named. A
 * container behind `Fn::If` exists only where its condition holds. Throws
 * `Undecidable` (the verdict is unknown) when the list is decided at deploy time.
 * @internal
 */
export function taskContainers(td: CfnResource, index: TemplateIndex): Container[] {
  const list = index.prop(td, 'ContainerDefinitions');
  const found = entries(index, list);
  if (found === undefined) throw new Undecidable(`container definitions decided at deploy time (${list.k === 'unknown' ? list.why : ''})`);
  const open = found.find((e) => e.value.k === 'unknown');
  if (open) throw new Undecidable(`container definition ${open.position} decided at deploy time (${open.value.k === 'unknown' ? open.value.why : ''})`);
  return found.filter((e) => e.value.k === 'lit' && V.list(e.value) === undefined).map((e) => {
    const n = index.field(e.value, 'Name');
    return {
      def: e.value,
      position: e.position,
      name: (n.k === 'lit' ? V.str(n) : undefined) ?? `#${e.position}`,
      path: `Properties.ContainerDefinitions.${Math.max(e.position, 0)}`,
    };
  });
}

/**
 * Whether a task definition runs on Fargate (RequiresCompatibilities includes
 * FARGATE). Undecidable when the list is decided at deploy time.
 * @internal
 */
export function isFargate(td: CfnResource, index: TemplateIndex): boolean {
  const v = index.prop(td, 'RequiresCompatibilities');
  const list = entries(index, v);
  if (list === undefined) throw new Undecidable(`launch compatibility decided at deploy time (${v.k === 'unknown' ? v.why : ''})`);
  return list.some((e) => V.str(e.value) === 'FARGATE');
}

/** A container image as text, with the resources it names; `unknown` when it is decided at deploy time. @internal */
export interface ImageText {
  readonly text: string;
  readonly refs: CfnResource[];
  readonly unknown?: string;
}

/**
 * The image of a container in the current world, as text (the CDK's ECR URI
 * `Join[Select(4, Split(":", Repo.Arn)), ".dkr.ecr.", ..., "/", Ref Repo, ":tag"]`
 * keeps its literal parts and placeholders for the rest) with the resources it names.
 * @internal
 */
export function imageOf(index: TemplateIndex, c: Container): ImageText {
  return imageTextOf(index.field(c.def, 'Image'));
}

/** An image reference as written (a literal, a `Fn::Sub`/`Fn::Join` text, a reference), or why it cannot be read. @internal */
export function imageTextOf(v: Val): ImageText {
  if (v.k === 'lit' && V.str(v) !== undefined) return { text: V.str(v)!, refs: [] };
  if (v.k === 'expr') return { text: v.text, refs: v.refs };
  if (v.k === 'ref') return { text: V.show(v), refs: [v.target] };
  return { text: '', refs: [], unknown: v.k === 'unknown' ? v.why : `image ${V.show(v)}` };
}

/** What stands for one deploy-time placeholder in a masked image text: no tag or digest holds it. @internal */
export const IMAGE_PLACEHOLDER = '\u0001';

/** The image text with each `${...}` placeholder (nested ones inside it too) replaced by {@link IMAGE_PLACEHOLDER}: one linear pass, so a `:` inside `${AWS::StackName}` is not read as a tag separator. @internal */
export function maskPlaceholders(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      if (depth === 0) out += IMAGE_PLACEHOLDER;
      depth++;
      i++;
    } else if (depth > 0) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    } else {
      out += text[i];
    }
  }
  return out;
}
