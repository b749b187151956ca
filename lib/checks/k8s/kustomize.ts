/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'path';
import { isMap } from '../collections';

/** The file names kustomize reads as a kustomization in a folder. @internal */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The API group of kustomize's own files: a Kustomization, a Component. */
const KUSTOMIZE_API = /^kustomize\.config\.k8s\.io\//;

/** Whether a file name is one kustomize reads as a kustomization. @internal */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(path.basename(file));
}

/** Whether an object is a kustomization (`kind: Kustomization`, or a `Component` of kustomize's API). @internal */
export function isKustomization(doc: any): boolean {
  if (!isMap(doc)) return false;
  return doc.kind === 'Kustomization' || (doc.kind === 'Component' && typeof doc.apiVersion === 'string' && KUSTOMIZE_API.test(doc.apiVersion));
}

/**
 * The documents of a file as the checks read them: a kustomization file (by its name) written without `apiVersion`
 * or `kind`, as kustomize still accepts it, is a Kustomization (kustomize fills in the same two fields). Any other
 * document is returned as it is.
 * @internal
 */
export function withKustomizationKind(file: string, docs: unknown[]): unknown[] {
  if (!isKustomizationFile(file)) return docs;
  return docs.map((d) => (isMap(d) && (d.apiVersion === undefined || d.kind === undefined) && [undefined, 'Kustomization', 'Component'].includes(d.kind)
    ? { ...d, apiVersion: d.apiVersion ?? 'kustomize.config.k8s.io/v1beta1', kind: d.kind ?? 'Kustomization' } : d));
}

/** What one kustomization in the input rewrites and lists. @internal */
export interface KustomizationScope {
  /** The file of the kustomization. */
  readonly file: string;
  /** The folder `kustomize build` is run on. */
  readonly dir: string;
  /** Folders (with what is below them) and files whose objects it can rewrite: its own folder, its resources. */
  readonly covers: readonly string[];
  /** The patch files it lists (`patches`, `patchesStrategicMerge`, `patchesJson6902`), resolved. */
  readonly patches: readonly string[];
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * The scope of a kustomization: its folder (every file below it), and each local path it lists under `resources`,
 * `bases` or `components` (a file, or a folder and what is below it); its patch files. Remote resources (URLs) are
 * not in the input. Paths are resolved against the kustomization's folder.
 * @internal
 */
export function kustomizationScope(file: string, doc: Record<string, any>): KustomizationScope {
  const dir = path.dirname(path.resolve(file));
  const local = (p: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(p) && !p.startsWith('git@');
  const covers = [dir, ...[...texts(doc.resources), ...texts(doc.bases), ...texts(doc.components)].filter(local).map((p) => path.resolve(dir, p))];
  const patches: string[] = [];
  // patchesStrategicMerge: paths, or inline patches (YAML text, which holds a newline).
  for (const p of texts(doc.patchesStrategicMerge)) if (!p.includes('\n')) patches.push(path.resolve(dir, p.trim()));
  for (const field of ['patches', 'patchesJson6902']) {
    const list: unknown[] = Array.isArray(doc[field]) ? doc[field] : [];
    for (const p of list) {
      const at = typeof p === 'string' ? p : isMap(p) && typeof p.path === 'string' ? p.path : undefined;
      if (at !== undefined && !at.includes('\n')) patches.push(path.resolve(dir, at.trim()));
    }
  }
  return { file, dir, covers, patches };
}

/** Whether a file lies in one of the scope's folders, or is one of its files. @internal */
export function inScope(scope: KustomizationScope, file: string): boolean {
  const f = path.resolve(file);
  return scope.covers.some((c) => {
    const rel = path.relative(c, f);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}
