/* eslint-disable @typescript-eslint/no-explicit-any */
import { K8sObject } from './rule';

/**
 * All Kubernetes objects of a check run, indexed once by kind and by
 * `Kind/namespace/name`. Rules look related objects up here (the HPA of a
 * Deployment, the PDB or NetworkPolicy selecting its pods) instead of scanning.
 * @internal
 */
export class ManifestIndex {
  public readonly objects: K8sObject[] = [];
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly byId = new Map<string, K8sObject>();

  constructor(manifests: { file: string; documents: any[] }[]) {
    for (const m of manifests) {
      for (const doc of m.documents) {
        if (!doc || typeof doc !== 'object') continue;
        if (doc.kind === 'List' && Array.isArray(doc.items)) {
          for (const item of doc.items) this.add(item, m.file);
        } else {
          this.add(doc, m.file);
        }
      }
    }
  }

  /** Objects of a kind. */
  public ofKind(kind: string): K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object `Kind/namespace/name`. */
  public get(kind: string, namespace: string, name: string): K8sObject | undefined {
    return this.byId.get(`${kind}/${namespace}/${name}`);
  }

  private add(doc: any, file: string): void {
    const metadata = doc.metadata ?? {};
    const name = String(metadata.name ?? '(unnamed)');
    const namespace = String(metadata.namespace ?? 'default');
    const obj: K8sObject = { apiVersion: String(doc.apiVersion), kind: String(doc.kind), name, namespace, metadata, doc, file, id: `${doc.kind}/${namespace}/${name}` };
    this.objects.push(obj);
    let l = this.byKind.get(obj.kind);
    if (!l) this.byKind.set(obj.kind, (l = []));
    l.push(obj);
    this.byId.set(obj.id, obj);
  }
}
