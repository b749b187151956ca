/* eslint-disable @typescript-eslint/no-explicit-any */
import { shown } from '../../input/input-error';
import { isMap } from '../collections';
import { AcknowledgementRecord, Finding, FindingStatus } from '../model';

/**
 * The prefix of an acknowledgement annotation on a Kubernetes object: `acknowledge.cdk-golive.io/<RuleOrItemId>`,
 * whose value is the reason. The name part is a rule id (`K8sPodDisruptionBudget`) or a checklist item id
 * (`K8S-POD-DISRUPTION-BUDGET`): letters, digits and `-`, at most 25 characters, within the 63 characters and the characters
 * Kubernetes allows in an annotation key's name (a test holds every id to it).
 * @internal
 */
export const K8S_ACK_PREFIX = 'acknowledge.cdk-golive.io/';

/** One acknowledgement annotation read from a manifest. @internal */
export interface K8sAck {
  /** The rule or item id (the key's name part). */
  readonly id: string;
  /** The annotation key as written. */
  readonly key: string;
  readonly reason: string;
  /** The manifest file. */
  readonly file: string;
  /** `Kind/namespace/name` of the annotated object (as the findings name it). */
  readonly object: string;
  /** The annotated document, matched by identity with the objects the rules judge. */
  readonly doc: object;
}

/**
 * The acknowledgement annotations of the manifests, and the mistakes among them, one line each naming the file, the
 * document (and the List item), the object and the annotation: a value that is not text, an empty reason, an id
 * `idProblem` refuses (an unknown id, an attestation item, a rule no Kubernetes finding carries), an acknowledgement
 * written on a pod template's annotations (it would annotate the pods, and is not read).
 *
 * Only the object's own `metadata.annotations` are read. Documents are numbered as they are given (as the manifest
 * index numbers them in its errors). A document that is not an object, or whose metadata or annotations are not
 * maps, is left to the manifest index, which refuses it.
 * @internal
 */
export function readK8sAcknowledgements(manifests: { file: string; documents: unknown[] }[], idProblem: (id: string) => string | undefined): { acks: K8sAck[]; problems: string[] } {
  const acks: K8sAck[] = [];
  const problems: string[] = [];
  const read = (doc: unknown, file: string, where: string) => {
    if (!isMap(doc)) return;
    const metadata = doc.metadata;
    // `Kind/namespace/name` as the manifest index names the object (and its findings).
    const object = `${doc.kind}/${String(isMap(metadata) && metadata.namespace != null ? metadata.namespace : 'default')}/${String(isMap(metadata) && metadata.name != null ? metadata.name : '(unnamed)')}`;
    const at = `${shown(file, 400)}: ${where} (${shown(object, 200)})`;
    for (const [path, tpl] of podTemplates(doc)) {
      const annotations = isMap(tpl) && isMap(tpl.metadata) ? tpl.metadata.annotations : undefined;
      if (!isMap(annotations)) continue;
      for (const key of Object.keys(annotations)) {
        if (key.startsWith(K8S_ACK_PREFIX)) problems.push(`${at}: annotation ${shown(key, 200)} is on the template ${path} (its metadata.annotations annotate the pods it makes), not on the object: write it in the object's own metadata.annotations`);
      }
    }
    const annotations = isMap(metadata) ? metadata.annotations : undefined;
    if (!isMap(annotations)) return;
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(K8S_ACK_PREFIX)) continue;
      const id = key.substring(K8S_ACK_PREFIX.length);
      const here = `${at}: annotation ${shown(key, 200)}`;
      if (typeof value !== 'string') {
        problems.push(`${here}: the reason must be text (found ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : `the ${typeof value} ${shown(String(value), 40)}`}: quote it)`);
        continue;
      }
      if (value.trim() === '') {
        problems.push(`${here}: the reason is empty; say why the finding is accepted`);
        continue;
      }
      const problem = idProblem(id);
      if (problem !== undefined) {
        problems.push(`${here}: ${problem}`);
        continue;
      }
      acks.push({ id, key, reason: value, file, object, doc });
    }
  };
  for (const m of manifests) {
    m.documents.forEach((doc, i) => {
      if (isMap(doc) && doc.kind === 'List' && Array.isArray(doc.items)) doc.items.forEach((item: unknown, k: number) => read(item, m.file, `document ${i + 1} (List) items[${k}]`));
      else read(doc, m.file, `document ${i + 1}`);
    });
  }
  return { acks, problems };
}

/** The pod templates of a document, by path: the places an acknowledgement is mistaken for the object's. */
function podTemplates(doc: Record<string, any>): [string, unknown][] {
  const spec = doc.spec;
  if (!isMap(spec)) return [];
  const out: [string, unknown][] = [];
  if (isMap(spec.template)) out.push(['spec.template', spec.template]);
  const job = isMap(spec.jobTemplate) && isMap(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : undefined;
  if (isMap(job)) out.push(['spec.jobTemplate.spec.template', job]);
  return out;
}

/**
 * The acknowledgements of one run, applied to the Kubernetes findings as they are made: a failing finding is
 * acknowledged by an annotation of the object it is reported on (its `resource`: the object the report, the SARIF
 * location and the finding's property name), whose id is the finding's rule id or, failing that, one of its item
 * ids (the rule id first, then the items in order, as the CDK's matching goes). An annotation on another object
 * (the Deployment whose pods a PodDisruptionBudget finding is about, a namespace) does not cover it.
 * @internal
 */
export class K8sAcknowledgements {
  private readonly byDoc = new Map<object, K8sAck[]>();
  private readonly used = new Map<K8sAck, number>();

  constructor(private readonly acks: K8sAck[]) {
    for (const a of acks) {
      let l = this.byDoc.get(a.doc);
      if (!l) this.byDoc.set(a.doc, (l = []));
      l.push(a);
    }
  }

  /** Whether there is any acknowledgement to apply. */
  public get empty(): boolean {
    return this.acks.length === 0;
  }

  /** The finding, acknowledged when it fails and an annotation of `doc` (the object it is reported on) names it. */
  public apply(finding: Finding, doc: object): Finding {
    if (finding.status !== FindingStatus.FAIL) return finding;
    const mine = this.byDoc.get(doc);
    if (!mine) return finding;
    let ack: K8sAck | undefined;
    for (const id of [finding.ruleId, ...finding.itemIds]) if ((ack = mine.find((a) => a.id === id)) !== undefined) break;
    if (!ack) return finding;
    this.used.set(ack, (this.used.get(ack) ?? 0) + 1);
    return { ...finding, status: FindingStatus.ACKNOWLEDGED, acknowledgedReason: ack.reason };
  }

  /**
   * One record per annotation, in the order of the manifests: the annotation key as the id, the object
   * (`Kind/namespace/name`) as the construct path, the file, and how many findings it acknowledged (0: none matched).
   */
  public records(): AcknowledgementRecord[] {
    return this.acks.map((a) => ({ id: a.key, constructPath: a.object, file: a.file, reason: a.reason, findings: this.used.get(a) ?? 0 }));
  }
}
