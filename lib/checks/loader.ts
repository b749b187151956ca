/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { ACK_NAMESPACE } from '../checklist/acknowledge';
import { InputError, shown } from '../input/input-error';
import { asInputError, DEFAULT_MAX_FILE_BYTES, kindOf, readTextFile } from '../input/read-file';
import { parseJson } from '../input/strict-json';
import { Ack, TemplateInput } from './engine';
import { FileTemplate } from './file-template';
import { SkippedFile } from './model';
import { templateResources } from './template-shape';
import { isMap } from './collections';
import { isKustomizationFile, withKustomizationKind } from './k8s/kustomize';

export { InputError } from '../input/input-error';

/** Everything read from a folder. @internal */
export interface LoadedInput {
  readonly templates: TemplateInput[];
  readonly manifests: ManifestInput[];
  readonly acks: Ack[];
  /** file → logical id → 1-based line, for SARIF regions. */
  readonly lines: Record<string, Record<string, number>>;
  /** Files read and left out, each with the reason (parameter files, empty stacks, ...). */
  readonly skipped?: SkippedFile[];
  /** The largest file the run reads, nested stacks' templates included. @default DEFAULT_MAX_FILE_BYTES */
  readonly maxFileBytes?: number;
}

/** A Kubernetes manifest file (one or more documents). @internal */
export interface ManifestInput {
  readonly file: string;
  readonly documents: any[];
}

/** How a folder is read. @internal */
export interface LoadOptions {
  /** The largest file read, in bytes. @default DEFAULT_MAX_FILE_BYTES (16 MiB) */
  readonly maxFileBytes?: number;
  /**
   * The region the templates deploy in, where the input does not say (a folder of templates, an
   * environment-agnostic stack of a cloud assembly). A stack whose environment names another region is refused.
   * @default - not known
   */
  readonly region?: string;
  /** The account, as `region` is. @default - not known */
  readonly accountId?: string;
}

/** The namespace the CDK gives our rule ids (`GoLiveChecks::<id>`). @internal */
export const PLUGIN_NAME = ACK_NAMESPACE;

/** Split `GoLiveChecks::X` into X; ids of other plugins are ignored. @internal */
export function ackFromMetadata(fullId: string, reason: string, constructPath: string): Ack | undefined {
  const prefix = `${PLUGIN_NAME}::`;
  if (!fullId.startsWith(prefix)) return undefined;
  return { id: fullId.substring(prefix.length), fullId, path: constructPath.replace(/^\/+/, ''), reason: String(reason) };
}

/**
 * Read a cloud assembly (`cdk.out/` with `manifest.json`) or a folder of
 * CloudFormation templates (JSON or YAML) and Kubernetes manifests.
 *
 * Bounded and fail-closed: every file is a regular file within the size limit;
 * symlinks are followed only to what lies inside the folder; a file that does
 * not parse, a malformed template or manifest, a duplicate key, is an
 * InputError naming the file. A file that parses but is neither a template nor
 * a manifest, an empty stack, is left out and listed in `skipped`. Nothing to
 * check at all is an InputError too: a run never passes on nothing.
 * @internal
 */
export function loadFolder(dir: string, options: LoadOptions = {}): LoadedInput {
  const name = shown(dir, 400);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw asInputError(e, name);
  }
  if (!st.isDirectory()) throw new InputError(`${name}: ${kindOf(st)}, not a folder (give a cloud assembly or a folder of templates)`);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const out: Required<LoadedInput> = { templates: [], manifests: [], acks: [], lines: {}, skipped: [], maxFileBytes };
  const reader = new Reader(maxFileBytes);
  const env = { region: options.region, accountId: options.accountId };
  if (fs.existsSync(path.join(dir, 'manifest.json'))) loadAssembly(dir, out, reader, env);
  else loadPlainFolder(dir, out, reader, env);
  if (out.templates.length === 0 && out.manifests.length === 0) {
    const why = out.skipped.length === 0 ? '' : ` (${out.skipped.length} file(s) left out: ${out.skipped.slice(0, 3).map((s) => `${shown(s.file)}: ${s.reason}`).join('; ')}${out.skipped.length > 3 ? '; ...' : ''})`;
    throw new InputError(`${name}: nothing to check: no CloudFormation template with resources and no Kubernetes object found${why}`);
  }
  return out;
}

/** Reads files under one size limit. */
class Reader {
  constructor(public readonly maxBytes: number) {
    if (!(maxBytes > 0) || !Number.isFinite(maxBytes)) throw new InputError(`the maximum file size must be a positive number (got ${maxBytes})`);
  }

  public text(file: string): string {
    return readTextFile(file, this.maxBytes);
  }

  public json(file: string): any {
    return parseJson(this.text(file), shown(file, 400));
  }
}

// ---------------------------------------------------------------- cloud assembly

/** A path inside `root` (both real, resolved): true if `p` is `root` or below it. */
function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, which must lie inside `root` (a real path). */
function confined(root: string, p: string, what: string): string {
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch (e) {
    throw asInputError(e, what);
  }
  if (!inside(root, real)) throw new InputError(`${what}: points outside the cloud assembly (${shown(root, 200)})`);
  return real;
}


function loadAssembly(dir: string, out: Required<LoadedInput>, reader: Reader, given: Environment): void {
  const root = fs.realpathSync(dir);
  const seenAssemblies = new Set<string>();
  const templateOwner = new Map<string, string>();
  const queue: string[] = [root];
  while (queue.length > 0) {
    const asmDir = queue.shift()!;
    if (seenAssemblies.has(asmDir)) continue;
    seenAssemblies.add(asmDir);
    const manifestFile = path.join(asmDir, 'manifest.json');
    const mf = shown(manifestFile, 400);
    const manifest = reader.json(manifestFile);
    if (!isMap(manifest)) throw new InputError(`${mf}: not a cloud assembly manifest (expected an object)`);
    const artifacts = manifest.artifacts ?? {};
    if (!isMap(artifacts)) throw new InputError(`${mf}: artifacts must be an object`);
    for (const [name, art] of Object.entries<any>(artifacts)) {
      const where = `${mf}: artifact '${shown(name, 80)}'`;
      if (!isMap(art)) throw new InputError(`${where}: must be an object`);
      const props = art.properties ?? {};
      if (!isMap(props)) throw new InputError(`${where}: properties must be an object`);
      if (art.type === 'cdk:cloud-assembly') {
        const sub = props.directoryName;
        if (typeof sub !== 'string' || sub === '') throw new InputError(`${where}: properties.directoryName must be a folder name`);
        const subDir = confined(root, path.join(asmDir, sub), `${where}: directoryName '${shown(sub, 100)}'`);
        if (!fs.existsSync(path.join(subDir, 'manifest.json'))) throw new InputError(`${where}: ${shown(sub, 100)} has no manifest.json`);
        queue.push(subDir);
        continue;
      }
      if (art.type !== 'aws:cloudformation:stack') continue;
      const templateFile = props.templateFile;
      if (typeof templateFile !== 'string' || templateFile === '') throw new InputError(`${where}: properties.templateFile must be a file name`);
      const real = confined(root, path.join(asmDir, templateFile), `${where}: templateFile '${shown(templateFile, 100)}'`);
      const file = path.join(asmDir, templateFile);
      const owner = templateOwner.get(real);
      if (owner !== undefined) throw new InputError(`${where}: templateFile '${shown(templateFile, 100)}' is also the template of artifact '${shown(owner, 80)}' (each stack has its own template)`);
      templateOwner.set(real, name);
      const text = reader.text(file);
      const template = parseJson(text, shown(file, 400)) as any;
      const stack = typeof art.displayName === 'string' && art.displayName !== '' ? art.displayName : name;
      const count = templateResources(template, shown(file, 400), true);
      if (count === 0) {
        out.skipped.push({ file, reason: `stack ${shown(stack, 80)} has no resources` });
        continue;
      }
      const paths = new Map<string, string>();
      const metadata: Record<string, any> = {};
      if (art.metadata !== undefined) {
        if (!isMap(art.metadata)) throw new InputError(`${where}: metadata must be an object`);
        Object.assign(metadata, art.metadata);
      }
      if (art.additionalMetadataFile !== undefined) {
        if (typeof art.additionalMetadataFile !== 'string' || art.additionalMetadataFile === '') throw new InputError(`${where}: additionalMetadataFile must be a file name`);
        const extra = path.join(asmDir, art.additionalMetadataFile);
        const what = `${where}: additionalMetadataFile '${shown(art.additionalMetadataFile, 100)}'`;
        if (fs.existsSync(extra)) {
          confined(root, extra, what);
          const more = reader.json(extra);
          if (!isMap(more)) throw new InputError(`${shown(extra, 400)}: expected an object of construct paths`);
          Object.assign(metadata, more);
        }
      }
      readMetadata(metadata, `${where}: metadata`, paths, out.acks);
      out.lines[file] = lineIndex(text, template.Resources);
      // Checked now, parsed again on its turn (see FileTemplate): the parsed template is not held for the run.
      const env = withGiven(stackEnvironment(art.environment, where), given, where);
      out.templates.push(new FileTemplate(file, stack, { stackName: typeof props.stackName === 'string' && props.stackName !== '' ? props.stackName : name, paths, text, checked: true, ...env }));
    }
  }
}

/**
 * The account and region a stack artifact is deployed to (`environment: aws://<account>/<region>`), each left
 * out when the CDK wrote it as unknown (`unknown-account`, `unknown-region`: an environment-agnostic stack) or the
 * artifact has none. The rules then read `AWS::Region`/`AWS::AccountId` as the deploy will give them, as the
 * synth plugin does. Anything else is refused: a wrong environment would decide verdicts.
 */
function stackEnvironment(environment: unknown, where: string): { region?: string; accountId?: string } {
  if (environment === undefined) return {};
  const m = typeof environment === 'string' ? /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment) : null;
  if (!m) throw new InputError(`${where}: environment must be aws://<account>/<region>`);
  const [, account, region] = m;
  if (account !== 'unknown-account' && !ACCOUNT_ID.test(account)) throw new InputError(`${where}: environment account '${shown(account, 40)}' is not a 12-digit account id`);
  if (region !== 'unknown-region' && !REGION_NAME.test(region)) throw new InputError(`${where}: environment region '${shown(region, 40)}' is not a region name`);
  return {
    ...(account !== 'unknown-account' ? { accountId: account } : {}),
    ...(region !== 'unknown-region' ? { region } : {}),
  };
}

/** An AWS region name (`eu-west-1`, `us-gov-west-1`). @internal */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** An AWS account id: twelve digits. @internal */
export const ACCOUNT_ID = /^\d{12}$/;

/** Where a stack deploys: a region and an account, each when known. */
interface Environment {
  readonly region?: string;
  readonly accountId?: string;
}

/** The environment an input gives, completed with the one given on the command line; a contradiction is refused. */
function withGiven(own: Environment, given: Environment, where: string): Environment {
  const out: { region?: string; accountId?: string } = {};
  for (const [key, flag] of [['region', '--region'], ['accountId', '--account']] as const) {
    const mine = own[key];
    const theirs = given[key];
    if (mine !== undefined && theirs !== undefined && mine !== theirs) throw new InputError(`${where}: its environment's ${key === 'region' ? 'region' : 'account'} is ${mine}, not ${theirs} as ${flag} says`);
    const v = mine ?? theirs;
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Construct paths of logical ids, and our acknowledgements, from an artifact's metadata. */
function readMetadata(metadata: Record<string, any>, where: string, paths: Map<string, string>, acks: Ack[]): void {
  for (const [p, entries] of Object.entries<any>(metadata)) {
    if (!Array.isArray(entries)) throw new InputError(`${where}['${shown(p, 100)}'] must be a list of entries`);
    for (const e of entries) {
      if (!isMap(e)) throw new InputError(`${where}['${shown(p, 100)}']: an entry must be an object`);
      if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') paths.set(e.data, p.replace(/^\/+/, ''));
      if (e.type === 'aws:cdk:acknowledged-rules' && isMap(e.data)) {
        for (const [id, reason] of Object.entries(e.data)) {
          if (typeof reason !== 'string') throw new InputError(`${where}['${shown(p, 100)}']: the reason of acknowledgement '${shown(id, 80)}' must be text`);
          const ack = ackFromMetadata(id, reason, p);
          if (ack) acks.push(ack);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- plain folders

const TEMPLATE_EXT = /\.(json|ya?ml|template)$/i;
/** Folders never read: version control and dependencies. They are listed as left out. */
const NOT_READ: Record<string, string> = {
  '.git': 'version control folder, not read',
  '.hg': 'version control folder, not read',
  '.svn': 'version control folder, not read',
  'node_modules': 'dependencies folder, not read',
};
/** Our own files, listed as left out when met. */
const OWN_FILES: Record<string, string> = {
  'golive-report.json': 'a cdk-golive report',
  'golive.attestations.json': 'the attestations file (read with --attestations)',
};

/**
 * The candidate files of a plain folder, walked iteratively in name order.
 * Dot-folders are read. A symlink is followed when what it points at lies
 * inside the folder; one pointing outside is an error; one leading back to a
 * folder already being read (a loop) or to a file already read is listed as
 * left out. FIFOs, sockets and devices with a template's name are errors.
 */
function candidateFiles(dir: string, skipped: SkippedFile[]): string[] {
  const root = fs.realpathSync(dir);
  const files: string[] = [];
  const readFiles = new Map<string, string>();
  const readDirs = new Map<string, string>([[root, dir]]);
  const stack: string[] = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw asInputError(e, shown(d, 400));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const realD = fs.realpathSync(d);
    const subdirs: string[] = [];
    for (const entry of entries) {
      const p = path.join(d, entry.name);
      const name = shown(p, 400);
      let isDir = entry.isDirectory();
      let real = p;
      if (entry.isSymbolicLink()) {
        try {
          real = fs.realpathSync(p);
        } catch (e) {
          throw asInputError(e, `${name} (symlink)`);
        }
        let st: fs.Stats;
        try {
          st = fs.statSync(real);
        } catch (e) {
          throw asInputError(e, `${name} (symlink)`);
        }
        isDir = st.isDirectory();
        if (!isDir && !TEMPLATE_EXT.test(entry.name) && !isKustomizationFile(entry.name)) continue;
        if (!inside(root, real)) throw new InputError(`${name}: a symlink to outside the checked folder (${shown(real, 200)}); only symlinks within it are followed`);
        if (!isDir && !st.isFile()) throw new InputError(`${name}: a symlink to ${kindOf(st)}, not a regular file`);
      } else if (!isDir) {
        if (!TEMPLATE_EXT.test(entry.name) && !isKustomizationFile(entry.name)) continue;
        if (!entry.isFile()) {
          let kind = 'not a regular file';
          try {
            kind = kindOf(fs.lstatSync(p));
          } catch { /* keep the generic words */ }
          throw new InputError(`${name}: ${kind}, not a regular file`);
        }
        real = path.join(realD, entry.name);
      }
      if (isDir) {
        if (NOT_READ[entry.name]) {
          skipped.push({ file: p, reason: NOT_READ[entry.name] });
          continue;
        }
        const realDir = entry.isSymbolicLink() ? real : path.join(realD, entry.name);
        if (entry.isSymbolicLink() && inside(realDir, realD)) {
          skipped.push({ file: p, reason: 'symlink to a folder that contains it (a loop), not followed' });
          continue;
        }
        const first = readDirs.get(realDir);
        if (first !== undefined) {
          skipped.push({ file: p, reason: `same folder as ${shown(first, 200)}, already read (symlink)` });
          continue;
        }
        readDirs.set(realDir, p);
        subdirs.push(p);
        continue;
      }
      if (OWN_FILES[entry.name]) {
        skipped.push({ file: p, reason: OWN_FILES[entry.name] });
        continue;
      }
      const first = readFiles.get(real);
      if (first !== undefined) {
        skipped.push({ file: p, reason: `same file as ${shown(first, 200)}, already read (symlink)` });
        continue;
      }
      readFiles.set(real, p);
      files.push(p);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return files.sort();
}

function loadPlainFolder(dir: string, out: Required<LoadedInput>, reader: Reader, given: Environment): void {
  for (const file of candidateFiles(dir, out.skipped)) {
    const name = shown(file, 400);
    const text = reader.text(file);
    // A kustomization file without apiVersion and kind (kustomize accepts it) is read as a Kustomization.
    const docs = withKustomizationKind(file, parseDocuments(file, name, text));
    const first = docs[0];
    if (docs.length === 1 && isMap(first) && ('Resources' in first || 'AWSTemplateFormatVersion' in first)) {
      if (templateResources(first, name) === 0) {
        out.skipped.push({ file, reason: 'a CloudFormation template without resources' });
        continue;
      }
      const stack = path.basename(file).replace(/\.template\.json$|\.(json|ya?ml|template)$/i, '');
      // A JSON file is parsed again on its turn (see FileTemplate); YAML stays parsed.
      const env = withGiven({}, given, name);
      out.templates.push(/\.json$/i.test(file) ? new FileTemplate(file, stack, { text, checked: true, ...env }) : { file, stack, template: first, checked: true, ...env });
      out.lines[file] = lineIndex(text, first.Resources);
      continue;
    }
    const why = notManifest(docs, name);
    if (why) {
      out.skipped.push({ file, reason: why });
      continue;
    }
    // Null (empty) documents are kept, so that messages number documents as the file has them; every reader skips them.
    out.manifests.push({ file, documents: docs });
  }
}

/**
 * Why the documents of a file are not a Kubernetes manifest to check (the file
 * is left out with this reason), or undefined when they are. A file mixing
 * Kubernetes objects with other documents is an error, and so is a List whose
 * items are not objects.
 */
function notManifest(docs: unknown[], name: string): string | undefined {
  const present = docs.filter((d) => d !== null);
  if (docs.length === 0) return 'empty: no document';
  if (present.length === 0) return docs.length === 1 ? 'empty: the document is null' : 'empty: every document is null';
  const k8s = present.map((d) => isMap(d) && typeof d.apiVersion === 'string' && d.apiVersion !== '' && typeof d.kind === 'string' && d.kind !== '');
  if (!k8s.some(Boolean)) {
    const d = present[0];
    if (isMap(d) && ('apiVersion' in d || 'kind' in d)) return 'has apiVersion or kind but not both as text: not a Kubernetes object';
    return 'neither a CloudFormation template (no Resources) nor a Kubernetes manifest (no apiVersion and kind)';
  }
  let objects = 0;
  for (let i = 0, j = 0; i < docs.length; i++) {
    const d = docs[i] as any;
    if (d === null) continue;
    if (!k8s[j++]) throw new InputError(`${name}: document ${i + 1} has no apiVersion and kind, while other documents of the file are Kubernetes objects`);
    if (d.kind === 'List') {
      if (d.items === undefined || d.items === null) continue;
      if (!Array.isArray(d.items)) throw new InputError(`${name}: document ${i + 1} (${shown(d.kind, 60)}): items must be a list`);
      d.items.forEach((item: unknown, k: number) => {
        if (!isMap(item) || typeof item.apiVersion !== 'string' || item.apiVersion === '' || typeof item.kind !== 'string' || item.kind === '') {
          throw new InputError(`${name}: document ${i + 1} (${shown(d.kind, 60)}): items[${k}] is not a Kubernetes object (apiVersion and kind)`);
        }
      });
      objects += d.items.length;
      continue;
    }
    objects++;
  }
  return objects === 0 ? 'no Kubernetes object: every List is empty' : undefined;
}

/** The documents of a file: JSON for `.json` (and JSON-looking `.template`), YAML otherwise. */
function parseDocuments(file: string, name: string, text: string): unknown[] {
  if (/\.json$/i.test(file)) {
    if (text.trim() === '') throw new InputError(`${name}: empty file`);
    return [parseJson(text, name)];
  }
  if (/\.template$/i.test(file) && /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''))) {
    try {
      return [parseJson(text, name)];
    } catch {
      // YAML flow syntax also starts with { or [: read it as YAML
    }
  }
  return parseYamlDocs(name, text);
}

/**
 * Read one more template of the checked folder (a nested stack's child) the
 * way the folder's templates are read: a regular file within the size limit,
 * not reached through a link out of its folder, parsed strictly and checked as
 * a template. Undefined when there is no such file.
 * @internal
 */
export function readTemplateFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): any | undefined {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return undefined;
  }
  if (!inside(fs.realpathSync(path.dirname(file)), real)) throw new InputError(`${shown(file)}: a nested stack's template reached through a link out of its folder`);
  const docs = parseDocuments(file, file, readTextFile(file, maxBytes));
  if (docs.length !== 1) throw new InputError(`${shown(file)}: a nested stack's template must be one document (found ${docs.length})`);
  templateResources(docs[0], file);
  return docs[0];
}

// ---------------------------------------------------------------- YAML

/** The `yaml` package, loaded on first use (JSON-only runs do not pay for it). */
let yamlModule: any;

/**
 * YAML documents, with CloudFormation's short-form tags, YAML 1.1 merge keys
 * (`<<:`), duplicate keys refused, aliases bounded, and every error on one line
 * naming the file and the line. The `yaml` package composes recursively: past
 * about 800 levels of nesting it stops with an error, reported as such.
 * @internal
 */
export function parseYamlDocs(name: string, text: string): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require('yaml');
  const YAML = yamlModule;
  const docs = YAML.parseAllDocuments(text, { customTags: CFN_TAGS, uniqueKeys: true, merge: true, logLevel: 'silent' });
  const out: unknown[] = [];
  for (const d of docs) {
    const err = d.errors?.[0];
    if (err) throw yamlError(name, text, err);
    const unknownTag = d.warnings?.find((w: any) => w.code === 'TAG_RESOLVE_FAILED');
    if (unknownTag) throw new InputError(`${name}: unknown YAML tag${where(unknownTag)} (the CloudFormation short forms are !Ref, !Sub, !GetAtt, ...)`);
    const complexKey = firstComplexKey(YAML, d.contents);
    if (complexKey) throw new InputError(`${name}: a map key that is itself a list or map${lineOf(complexKey, text)}; keys must be text`);
    try {
      out.push(d.toJS({ maxAliasCount: 1000 }));
    } catch (e) {
      throw new InputError(`${name}: ${/alias/i.test((e as Error).message) ? 'too many YAML aliases (an alias bomb?)' : 'YAML that cannot be read'}`);
    }
  }
  return out;
}

function where(err: any): string {
  const lp = err.linePos?.[0];
  return lp ? ` at line ${lp.line}, column ${lp.col}` : '';
}

function lineOf(node: any, text: string): string {
  const start = node.range?.[0];
  if (typeof start !== 'number') return '';
  let line = 1;
  for (let j = text.indexOf('\n'); j !== -1 && j < start; j = text.indexOf('\n', j + 1)) line++;
  return ` at line ${line}`;
}

function yamlError(name: string, text: string, err: any): InputError {
  switch (err.code) {
    case 'DUPLICATE_KEY': {
      // the error points at the key's first character: read the key from there (a quoted or a plain scalar)
      const from = Array.isArray(err.pos) ? text.slice(err.pos[0], err.pos[0] + 200).split('\n')[0] : '';
      const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:#,{}[\]]+))/.exec(from);
      const key = m ? (m[1] ?? m[2] ?? m[3]).trim() : '';
      return new InputError(`${name}: duplicate key${key ? ` '${shown(key, 60)}'` : ''}${where(err)}`);
    }
    case 'RESOURCE_EXHAUSTION':
      return new InputError(`${name}: YAML nested too deeply to parse${where(err)} (write it as JSON, which has no such limit)`);
    default: {
      const msg = String(err.message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return new InputError(`${name}: malformed YAML${where(err)} (${shown(msg, 120)})`);
    }
  }
}

/** The first map key of a document that is a collection (iterative walk of the YAML nodes). */
function firstComplexKey(YAML: any, root: unknown): any {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node: any = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        if (YAML.isCollection(pair.key)) return pair.key;
        stack.push(pair.value);
      }
    } else if (YAML.isSeq(node)) {
      for (const item of node.items) stack.push(YAML.isPair(item) ? item.value : item);
    }
  }
  return undefined;
}

/** CloudFormation short-form intrinsic tags for the `yaml` parser. */
const SHORT = ['Ref', 'Condition'];
const FN = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];
const CFN_TAGS: any[] = [];
for (const name of [...SHORT, ...FN]) {
  const key = SHORT.includes(name) ? name : `Fn::${name}`;
  for (const collection of [undefined, 'seq', 'map'] as const) {
    CFN_TAGS.push({
      tag: `!${name}`,
      ...(collection ? { collection } : {}),
      resolve: (value: any) => {
        let v = value && typeof value.toJSON === 'function' ? value.toJSON() : value;
        if (name === 'GetAtt' && typeof v === 'string') v = v.split(/\.(.*)/s).slice(0, 2);
        return { [key]: v };
      },
    });
  }
}

// ---------------------------------------------------------------- SARIF lines

/**
 * 1-based line of each `"LogicalId":` (JSON) or `LogicalId:` (YAML) key naming a resource (its first such line):
 * the first line that matches `^[ \t]*"?([A-Za-z0-9]+)"?[ \t]*:` with that id. One pass of character tests (the
 * expression made a match object for every key of the template: a tenth of validate() on CDK templates).
 * @internal
 */
export function lineIndex(text: string, resources: Record<string, unknown>): Record<string, number> {
  // A line may also end with \r, \u2028 or \u2029 for `^`, but only \n counts a line: the expression handles those.
  if (ODD_LINE_ENDS.test(text)) return lineIndexByExpression(text, resources);
  const out: Record<string, number> = {};
  let left = Object.keys(resources).length;
  const n = text.length;
  let line = 1;
  for (let i = 0; i < n && left > 0; line++) {
    let j = i;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === QUOTE) j++;
    const start = j;
    while (j < n && isAlnum(text.charCodeAt(j))) j++;
    const end = j;
    if (end > start) {
      if (text.charCodeAt(j) === QUOTE) j++;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === COLON) {
        const id = text.substring(start, end);
        if (Object.prototype.hasOwnProperty.call(resources, id) && out[id] === undefined) {
          out[id] = line;
          left--;
        }
      }
    }
    const nl = text.indexOf('\n', j);
    if (nl === -1) break;
    i = nl + 1;
  }
  return out;
}

const ODD_LINE_ENDS = /[\r\u2028\u2029]/;
const QUOTE = 34;
const COLON = 58;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `lineIndex` by the expression, for text with line ends other than \n. */
function lineIndexByExpression(text: string, resources: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  let left = Object.keys(resources).length;
  // one pass of a multiline expression over the text; lines counted between matches
  const key = /^[ \t]*"?([A-Za-z0-9]+)"?[ \t]*:/gm;
  let line = 1;
  let counted = 0;
  for (let m = key.exec(text); m !== null && left > 0; m = key.exec(text)) {
    if (!Object.prototype.hasOwnProperty.call(resources, m[1]) || out[m[1]] !== undefined) continue;
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < m.index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    out[m[1]] = line;
    left--;
  }
  return out;
}
