/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { GoLiveChecks } from '../../../lib';
import { ChecklistReport } from '../../../lib/checks/report';
import { PatchOp, applyPatch as patchObject } from '../../fixture-patch';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'k8s');

/**
 * A manifest set as a map `Kind/name` → document (names are unique per kind in
 * a fixture), so patches can address documents by kind and name.
 */
export type ManifestSet = Record<string, any>;


export type { PatchOp };

/** A violating case: a compliant base with a patch that breaks exactly one rule's items. */
export interface ViolationCase {
  readonly name: string;
  readonly base: string;
  readonly patch: PatchOp[];
  /** The object the rule must flag, `Kind/namespace/name`. */
  readonly resource: string;
  /** `fail` (the default) or `unknown`. */
  readonly expect?: 'fail' | 'unknown';
  /**
   * Other rules the same change violates by design (an Ingress moved to the AWS Load Balancer Controller loses the
   * ingress-nginx HSTS annotations): they must fail, and no rule besides them.
   */
  readonly alsoFails?: string[];
}

export interface ViolationFile {
  readonly rule: string;
  readonly cases: ViolationCase[];
}

/** Parse a multi-document YAML manifest (anchors resolved per document). */
export function parseManifest(text: string): any[] {
  return YAML.parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors[0].message);
    return d.toJS();
  }).filter((d) => d !== null);
}

export function compliantBases(): Map<string, ManifestSet> {
  const dir = path.join(FIXTURES, 'compliant');
  const out = new Map<string, ManifestSet>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const set: ManifestSet = {};
    for (const doc of parseManifest(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const key = `${doc.kind}/${doc.metadata.name}`;
      if (key in set) throw new Error(`${f}: two documents ${key}`);
      set[key] = doc;
    }
    out.set(f.replace(/\.yaml$/, ''), set);
  }
  return out;
}

export function violationFiles(): ViolationFile[] {
  const dir = path.join(FIXTURES, 'violations');
  return fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ViolationFile);
}

/** Apply a patch to a deep copy of `set`; the first path segment names a document (`Kind/name`). */
export function applyPatch(set: ManifestSet, patch: PatchOp[]): ManifestSet {
  let out = set;
  for (const op of patch) {
    // A path of one segment adds (set) or removes (delete) a whole document; longer paths edit an existing one.
    if ((op.path.length > 1 || op.op === 'delete') && !(op.path[0] in out)) throw new Error(`patch: no document ${op.path[0]}`);
    out = patchObject(out, [op]);
  }
  return out === set ? patchObject(set, []) : out;
}

/** Run the checks on one manifest set, as `cdk-golive check` would on a folder holding it. */
export function checkSet(checks: GoLiveChecks, set: ManifestSet, name: string): ChecklistReport {
  return checks._evaluateLoaded({ templates: [], manifests: [{ file: `${name}.yaml`, documents: Object.values(set) }], acks: [], lines: {} });
}
