/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { ACK_NAMESPACE } from '../checklist/acknowledge';
import { Ack, TemplateInput } from './engine';

/** Error for bad input: the CLI prints its message on one line and exits 2. @internal */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Everything read from a folder. @internal */
export interface LoadedInput {
  readonly templates: TemplateInput[];
  readonly manifests: ManifestInput[];
  readonly acks: Ack[];
  /** file → logical id → 1-based line, for SARIF regions. */
  readonly lines: Record<string, Record<string, number>>;
}

/** A Kubernetes manifest file (one or more documents). @internal */
export interface ManifestInput {
  readonly file: string;
  readonly documents: any[];
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
 * @internal
 */
export function loadFolder(dir: string): LoadedInput {
  if (!fs.existsSync(dir)) throw new InputError(`${dir}: no such folder`);
  if (!fs.statSync(dir).isDirectory()) throw new InputError(`${dir}: not a folder`);
  const out: LoadedInput = { templates: [], manifests: [], acks: [], lines: {} };
  if (fs.existsSync(path.join(dir, 'manifest.json'))) {
    loadAssembly(dir, out, new Set());
  } else {
    loadPlainFolder(dir, out);
  }
  if (out.templates.length === 0 && out.manifests.length === 0) {
    throw new InputError(`${dir}: no CloudFormation template or Kubernetes manifest found`);
  }
  return out;
}

function readJson(file: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: malformed JSON (${(e as Error).message})`);
  }
}

function loadAssembly(dir: string, out: LoadedInput, seen: Set<string>): void {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const manifest = readJson(path.join(dir, 'manifest.json'));
  const artifacts = manifest.artifacts ?? {};
  for (const [name, art] of Object.entries<any>(artifacts)) {
    if (art.type === 'cdk:cloud-assembly') {
      const sub = art.properties?.directoryName;
      if (sub) loadAssembly(path.join(dir, sub), out, seen);
      continue;
    }
    if (art.type !== 'aws:cloudformation:stack') continue;
    const templateFile = art.properties?.templateFile;
    if (!templateFile) continue;
    const file = path.join(dir, templateFile);
    const template = readJson(file);
    if (!template || typeof template.Resources !== 'object') throw new InputError(`${file}: not a CloudFormation template (no Resources section)`);
    const paths = new Map<string, string>();
    const metadata: Record<string, any[]> = { ...(art.metadata ?? {}) };
    if (art.additionalMetadataFile) {
      const extra = path.join(dir, art.additionalMetadataFile);
      if (fs.existsSync(extra)) Object.assign(metadata, readJson(extra));
    }
    for (const [p, entries] of Object.entries<any[]>(metadata)) {
      for (const e of entries ?? []) {
        if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') paths.set(e.data, p.replace(/^\/+/, ''));
        if (e.type === 'aws:cdk:acknowledged-rules' && e.data && typeof e.data === 'object') {
          for (const [id, reason] of Object.entries(e.data)) {
            const ack = ackFromMetadata(id, String(reason), p);
            if (ack) out.acks.push(ack);
          }
        }
      }
    }
    out.templates.push({ file, stack: art.displayName ?? name, stackName: art.properties?.stackName ?? name, template, paths });
    out.lines[file] = lineIndex(fs.readFileSync(file, 'utf8'), Object.keys(template.Resources));
  }
}

const TEMPLATE_EXT = /\.(json|ya?ml|template)$/i;

function loadPlainFolder(dir: string, out: LoadedInput): void {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (TEMPLATE_EXT.test(entry.name) && !/^golive-report\./.test(entry.name) && entry.name !== 'golive.attestations.json') files.push(p);
    }
  };
  walk(dir);
  files.sort();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.trim() === '') throw new InputError(`${file}: empty file`);
    const docs = /\.json$/i.test(file) ? [parseJsonText(file, text)] : parseYamlDocs(file, text);
    const first = docs[0];
    if (docs.length === 1 && first && typeof first === 'object' && 'Resources' in first) {
      if (typeof first.Resources !== 'object' || first.Resources === null) throw new InputError(`${file}: Resources must be a map`);
      const stack = path.basename(file).replace(/\.template\.json$|\.(json|ya?ml|template)$/i, '');
      out.templates.push({ file, stack, template: first });
      out.lines[file] = lineIndex(text, Object.keys(first.Resources));
    } else if (docs.length > 0 && docs.every((d) => d === null || (typeof d === 'object' && typeof d.kind === 'string' && typeof d.apiVersion === 'string'))) {
      out.manifests.push({ file, documents: docs.filter((d) => d !== null) });
    } else {
      throw new InputError(`${file}: neither a CloudFormation template (no Resources) nor a Kubernetes manifest (no apiVersion/kind)`);
    }
  }
}

function parseJsonText(file: string, text: string): any {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: malformed JSON (${(e as Error).message})`);
  }
}

function parseYamlDocs(file: string, text: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml');
  const docs = YAML.parseAllDocuments(text, { customTags: CFN_TAGS, uniqueKeys: false });
  const out: any[] = [];
  for (const d of docs) {
    if (d.errors && d.errors.length > 0) {
      const err = d.errors[0];
      const where = err.linePos?.[0] ? ` at line ${err.linePos[0].line}` : '';
      throw new InputError(`${file}: malformed YAML${where} (${String(err.message).split('\n')[0]})`);
    }
    out.push(d.toJS({ maxAliasCount: 1000 }));
  }
  return out;
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

/** 1-based line of each `"LogicalId":` (JSON) or `LogicalId:` (YAML) key under Resources. @internal */
export function lineIndex(text: string, ids: string[]): Record<string, number> {
  const want = new Set(ids);
  const out: Record<string, number> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*"?([A-Za-z0-9]+)"?\s*:/.exec(lines[i]);
    if (m && want.has(m[1]) && out[m[1]] === undefined) out[m[1]] = i + 1;
  }
  return out;
}
