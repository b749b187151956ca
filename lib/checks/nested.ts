/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'path';
import { TemplateInput } from './engine';
import { expandLanguageExtensions, passedParameterValues, undecidedReason, usesLanguageExtensions } from './language-extensions';

/**
 * Nested stacks: every `AWS::CloudFormation::Stack` of a template names its
 * child template by `TemplateURL`. The CDK writes the child beside the parent
 * in the cloud assembly (`*.nested.template.json`, found through the asset
 * manifest or `aws:asset:path` metadata); a plain template usually names it by
 * a relative path or an S3 URL whose last segment is the file name. A child
 * found in the checked folder is read and checked as part of its parent (its
 * parameters come from the parent); one that is not found is reported, and no
 * item can be satisfied while part of the app was not read.
 * @internal
 */

/** A nested stack whose template is not in the checked folder. @internal */
export interface UnreadNestedStack {
  readonly file: string;
  readonly logicalId: string;
  readonly templateUrl: string;
  /** Why it is not read, when the template was not looked for (an `Fn::ForEach` over a collection decided at deploy time). */
  readonly reason?: string;
}

/** Reads a template file of the checked folder, its shape checked (`readTemplateFile`); undefined when it does not exist there. @internal */
export type TemplateReader = (file: string) => any | undefined;

/** The type of a nested stack. @internal */
export const NESTED_STACK = 'AWS::CloudFormation::Stack';

/**
 * Whether a template may have nested stacks: false only when the text of a template read from a file names
 * neither the nested stack type nor an `Fn::ForEach` loop (whose `Fn::Sub` of the loop variable may spell the
 * type, `AWS::CloudFormation::${T}`, with no text naming it). Keys cannot be computed, so a loop is named.
 * @internal
 */
export function mayNest(input: TemplateInput): boolean {
  return input.mentions === undefined || input.mentions(NESTED_STACK) || input.mentions('Fn::ForEach::');
}

/** How deep nested stacks may nest (CloudFormation allows far fewer levels in practice). */
const MAX_NESTING = 20;

/**
 * Link the nested stacks of `inputs`: each child template becomes an input
 * with `parent` set (one per parent resource that uses it), and a template
 * that is some parent's child is no longer checked on its own.
 * `assets` gives the asset manifests' object keys (file name by S3 key); it is called only if a nested stack is met.
 * @internal
 */
export function linkNestedStacks(inputs: TemplateInput[], read: TemplateReader, assets: () => Map<string, string> = () => new Map()): { inputs: TemplateInput[]; unread: UnreadNestedStack[] } {
  // The asset manifests are read when the first nested stack is met: most apps have none.
  let assetPaths: Map<string, string> | undefined;
  const pathsOfAssets = () => (assetPaths ??= assets());
  const byFile = new Map(inputs.map((i) => [path.resolve(i.file), i]));
  const childFiles = new Set<string>();
  const unread: UnreadNestedStack[] = [];
  const out: TemplateInput[] = [];
  // Links the caller already made (checkApp knows each NestedStack's parent): keep them, do not look for the file.
  const linked = new Set(inputs.filter((i) => i.parent).map((i) => `${i.parent!.file}\u0000${i.parent!.stack ?? ''}\u0000${i.parent!.logicalId}`));
  const isLinked = (input: TemplateInput, logicalId: string) => linked.has(`${input.file}\u0000${input.stack}\u0000${logicalId}`) || linked.has(`${input.file}\u0000\u0000${logicalId}`);
  // Each queued template with the input of the run it descends from: a template of the folder that is also some
  // parent's child is read under that parent, and what its own copy linked is dropped with it.
  const queue: { input: TemplateInput; chain: string[]; root: TemplateInput }[] = inputs.map((input) => ({ input, chain: [path.resolve(input.file)], root: input }));
  const children: { input: TemplateInput; root: TemplateInput }[] = [];
  const unreadFrom: { unread: UnreadNestedStack; root: TemplateInput }[] = [];
  // For each child linked here: its stack resource in the parent (as expanded), which passes its parameters.
  const stackResourceOf = new Map<TemplateInput, any>();
  while (queue.length > 0) {
    const { input, chain, root } = queue.shift()!;
    // A template read from a file whose text names no nested stack is not parsed here (it is parsed on its turn).
    if (!mayNest(input)) continue;
    const resources = asExpanded(input, stackResourceOf.get(input))?.Resources;
    if (!resources || typeof resources !== 'object') continue;
    const ids = Object.keys(resources);
    for (let r = 0; r < ids.length; r++) {
      const logicalId = ids[r];
      const res = resources[logicalId];
      if (!res || res.Type !== NESTED_STACK || isLinked(input, logicalId)) continue;
      const url = templateUrlText(res.Properties?.TemplateURL);
      const undecided = undecidedReason(res);
      if (undecided !== undefined) {
        // A loop over a collection decided at deploy time: how many such stacks, and which templates, is not known.
        unreadFrom.push({ root, unread: { file: input.file, logicalId, templateUrl: url ?? '(computed at deploy time)', reason: `made by Fn::ForEach: ${undecided}` } });
        continue;
      }
      const candidates = candidateFiles(input.file, res, url, pathsOfAssets());
      let found: string | undefined;
      let template: any;
      let checked: boolean | undefined;
      for (const c of candidates) {
        const abs = path.resolve(c);
        const known = byFile.get(abs);
        // A template the reader read was checked by it; one of the run, as that input was (or was not).
        template = known ? known.template : read(c);
        checked = known ? known.checked : true;
        if (template !== undefined) { found = c; break; }
      }
      if (found === undefined) {
        unreadFrom.push({ root, unread: { file: input.file, logicalId, templateUrl: url ?? '(computed at deploy time)' } });
        continue;
      }
      const abs = path.resolve(found);
      if (chain.includes(abs) || chain.length > MAX_NESTING) throw new Error(`${input.file}: nested stack ${logicalId} nests ${found} in itself (or deeper than ${MAX_NESTING} levels)`);
      childFiles.add(abs);
      const child: TemplateInput = {
        file: found,
        stack: `${input.stack}/${logicalId}`,
        template,
        parent: { file: input.file, stack: input.stack, logicalId },
        region: input.region,
        accountId: input.accountId,
        checked,
      };
      children.push({ input: child, root });
      stackResourceOf.set(child, res);
      queue.push({ input: child, chain: [...chain, abs], root });
    }
  }
  const kept = new Set<TemplateInput>();
  for (const i of inputs) if (i.parent || !childFiles.has(path.resolve(i.file))) kept.add(i);
  out.push(...kept);
  // A child used twice (two parents, or twice by one) is checked once per use, each with its own parameters.
  for (const c of children) if (kept.has(c.root)) out.push(c.input);
  for (const u of unreadFrom) if (kept.has(u.root)) unread.push(u.unread);
  return { inputs: out, unread };
}

/**
 * The template as CloudFormation reads it after `AWS::LanguageExtensions`: nested stacks an `Fn::ForEach` makes
 * are resources of the expanded template only. A child's loops read what its stack resource passes.
 */
function asExpanded(input: TemplateInput, stackResource: any): any {
  const template = input.template;
  if (!usesLanguageExtensions(template)) return template;
  return expandLanguageExtensions(template, input.file, { nested: !!input.parent, parameterValues: passedParameterValues(stackResource) });
}

/** The literal text of a TemplateURL: a string, or the literal parts of an Fn::Join / Fn::Sub (the file name is at the end). */
function templateUrlText(raw: any): string | undefined {
  if (typeof raw === 'string') return raw;
  const join = raw?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const last = join[1][join[1].length - 1];
    return typeof last === 'string' ? join[1].map((p: any) => (typeof p === 'string' ? p : '${...}')).join(typeof join[0] === 'string' ? join[0] : '') : undefined;
  }
  const sub = raw?.['Fn::Sub'];
  const tpl = Array.isArray(sub) ? sub[0] : sub;
  return typeof tpl === 'string' ? tpl : undefined;
}

/** Where the child template may be: the CDK's asset metadata and manifest, then the URL's path and last segment beside the parent. */
function candidateFiles(parentFile: string, res: any, url: string | undefined, assetPaths: Map<string, string>): string[] {
  const dir = path.dirname(parentFile);
  const out: string[] = [];
  const assetPath = res.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') out.push(path.join(dir, assetPath));
  if (url) {
    const last = url.split(/[/\\]/).pop() ?? '';
    const fromManifest = assetPaths.get(last);
    if (fromManifest) out.push(path.join(dir, fromManifest));
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.includes('${')) out.push(path.join(dir, url));
    if (last && !last.includes('${')) out.push(path.join(dir, last));
  }
  // Never leave the checked folder: a relative path that climbs out of it is not read.
  return [...new Set(out)].filter((f) => !path.relative(dir, f).startsWith('..'));
}

/**
 * The asset manifests' file objects of a cloud assembly: S3 object key → file
 * in the assembly (`<hash>.json` → `Parent<Nested><hash>.nested.template.json`).
 * @internal
 */
export function assetObjectKeys(assetManifests: any[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of assetManifests) {
    const files = m?.files;
    if (!files || typeof files !== 'object') continue;
    for (const id of Object.keys(files)) {
      const f = files[id];
      const src = f?.source?.path;
      if (typeof src !== 'string') continue;
      for (const d of Object.values<any>(f.destinations ?? {})) if (typeof d?.objectKey === 'string') out.set(d.objectKey, src);
    }
  }
  return out;
}
