/* eslint-disable @typescript-eslint/no-explicit-any */
import { Catalog } from '../checklist/catalog';
import { Attestation } from '../checklist/attestations';
import { Thresholds } from '../checklist/thresholds';
import { EvidenceKind } from '../checklist/types';
import { AcknowledgementRecord, Evidence, Finding, FindingStatus, ItemResult, ItemStatus, Severity } from './model';
import { AwsRule, RuleContext, Verdict } from './rule';
import { CrossStackResolver, PARAMETER_TYPE, TemplateIndex } from './template-index';

/** A template to check. @internal */
export interface TemplateInput {
  readonly file: string;
  readonly stack: string;
  readonly template: any;
  /** The CloudFormation stack name, when it differs from `stack` (cloud assembly `stackName`). */
  readonly stackName?: string;
  /** logical id → construct path, when the caller knows it (CDK tree, manifest.json). */
  readonly paths?: Map<string, string>;
}

/** An acknowledgement as recorded on the construct tree. @internal */
export interface Ack {
  /** Rule id or item id, without the plugin namespace. */
  readonly id: string;
  /** The id as written. */
  readonly fullId: string;
  readonly path: string;
  readonly reason: string;
}

/** Which rules run and how. @internal */
export interface EngineOptions {
  readonly rules: AwsRule[];
  readonly thresholds: Thresholds;
  readonly severityOverrides?: Record<string, Severity>;
}

/**
 * Run the rules over the templates: each template indexed once, each rule
 * dispatched only to its resource types.
 * @internal
 */
export function runAwsRules(inputs: TemplateInput[], opts: EngineOptions): Finding[] {
  const byType = new Map<string, AwsRule[]>();
  for (const rule of opts.rules) {
    for (const t of rule.types) {
      let list = byType.get(t);
      if (!list) byType.set(t, (list = []));
      list.push(rule);
    }
  }
  const findings: Finding[] = [];
  const indexes = inputs.map((input) => new TemplateIndex(input.template, input.file, input.stack));
  const resolver = crossStackResolver(inputs, indexes);
  for (const index of indexes) index.resolver = resolver;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const index = indexes[i];
    const ctx: RuleContext = { index, thresholds: opts.thresholds };
    const params = byType.has(PARAMETER_TYPE) ? index.parameterResources() : [];
    for (const res of [...params, ...index.resources.values()]) {
      const rules = byType.get(res.type);
      if (!rules) continue;
      for (const rule of rules) {
        let out: Verdict | Verdict[] | undefined;
        try {
          out = rule.check(res, ctx);
        } catch (e) {
          out = { status: FindingStatus.UNKNOWN, message: `rule error: ${(e as Error).message}` };
        }
        if (!out) continue;
        for (const v of Array.isArray(out) ? out : [out]) {
          const target = v.resource ?? res;
          findings.push({
            ruleId: rule.id,
            itemIds: rule.items,
            severity: opts.severityOverrides?.[rule.id] ?? rule.severity,
            status: v.status,
            file: input.file,
            stack: input.stack,
            resource: target.logicalId,
            resourceType: target.type,
            constructPath: input.paths?.get(target.logicalId) ?? index.pathOf(target),
            property: v.property,
            value: v.value,
            message: v.message,
            fix: rule.fix,
          });
        }
      }
    }
  }
  return findings;
}

/**
 * Resolves Fn::ImportValue (by export name) and Fn::GetStackOutput (by stack and
 * output name) across the templates of one run, so a value another stack of the
 * same app provides is judged, not reported unknown. Built once: O(outputs).
 * @internal
 */
export function crossStackResolver(inputs: TemplateInput[], indexes: TemplateIndex[]): CrossStackResolver {
  const exported = new Map<string, { index: TemplateIndex; raw: any }>();
  const outputs = new Map<string, { index: TemplateIndex; raw: any }>();
  inputs.forEach((input, i) => {
    const index = indexes[i];
    const names = new Set([input.stack, input.stackName, input.stack.split('/').pop(), input.file.replace(/^.*[\\/]/, '').replace(/\.template\.json$/, '')].filter((n): n is string => !!n));
    for (const [outputName, out] of Object.entries<any>(input.template.Outputs ?? {})) {
      if (!out || typeof out !== 'object') continue;
      for (const n of names) outputs.set(`${n}\u0000${outputName}`, { index, raw: out.Value });
      const name = out.Export?.Name !== undefined ? index.value(out.Export.Name) : undefined;
      if (name?.k === 'lit' && typeof name.v === 'string') exported.set(name.v, { index, raw: out.Value });
    }
  });
  return {
    exported: (name) => exported.get(name),
    output: (stack, output) => outputs.get(`${stack}\u0000${output}`),
  };
}

/**
 * Apply acknowledgements: a failing finding is acknowledged by the closest
 * acknowledgement on its construct path (or an ancestor) whose id is the rule
 * id or one of the finding's item ids — the CDK's own matching.
 * @internal
 */
export function applyAcknowledgements(findings: Finding[], acks: Ack[]): { findings: Finding[]; records: AcknowledgementRecord[] } {
  const byId = new Map<string, Map<string, Ack>>();
  for (const a of acks) {
    let m = byId.get(a.id);
    if (!m) byId.set(a.id, (m = new Map()));
    m.set(normalizePath(a.path), a);
  }
  const used = new Map<Ack, number>();
  const out = findings.map((f) => {
    if (f.status !== FindingStatus.FAIL || f.constructPath === undefined) return f;
    const ack = closest(byId, [f.ruleId, ...f.itemIds], normalizePath(f.constructPath));
    if (!ack) return f;
    used.set(ack, (used.get(ack) ?? 0) + 1);
    return { ...f, status: FindingStatus.ACKNOWLEDGED, acknowledgedReason: ack.reason };
  });
  const records = acks.map((a) => ({ id: a.fullId, constructPath: a.path, reason: a.reason, findings: used.get(a) ?? 0 }));
  return { findings: out, records };
}

function normalizePath(p: string): string {
  return p.replace(/^\/+/, '');
}

function closest(byId: Map<string, Map<string, Ack>>, ids: string[], path: string): Ack | undefined {
  let p = path;
  for (;;) {
    for (const id of ids) {
      const a = byId.get(id)?.get(p);
      if (a) return a;
    }
    if (p === '') return undefined;
    const i = p.lastIndexOf('/');
    p = i === -1 ? '' : p.substring(0, i);
  }
}

/** What the report is built from. @internal */
export interface ReportInput {
  readonly findings: Finding[];
  readonly acknowledgements: AcknowledgementRecord[];
  readonly attestations: Attestation[];
  readonly attestationsFile?: string;
  /** Rule ids per item, for every item that has a rule, by platform. */
  readonly rulesByItem: Map<string, Set<string>>;
  /** Platforms present in the input (`aws`, `k8s`). */
  readonly platformsPresent: Set<string>;
  /** Platform of each item's rules. */
  readonly platformsByItem: Map<string, Set<string>>;
  /** Restrict to these item ids. */
  readonly itemFilter?: Set<string>;
}

/** Item results in catalog order. @internal */
export function itemResults(input: ReportInput): ItemResult[] {
  const byItem = new Map<string, Finding[]>();
  for (const f of input.findings) {
    for (const id of f.itemIds) {
      let l = byItem.get(id);
      if (!l) byItem.set(id, (l = []));
      l.push(f);
    }
  }
  const attested = new Map(input.attestations.map((a) => [a.item, a]));
  const results: ItemResult[] = [];
  for (const item of Catalog.items()) {
    if (input.itemFilter && !input.itemFilter.has(item.id)) continue;
    const fs = byItem.get(item.id) ?? [];
    const counts: Record<string, number> = {};
    for (const f of fs) counts[f.status] = (counts[f.status] ?? 0) + 1;
    const evidence: Evidence[] = fs
      .filter((f) => f.status === FindingStatus.PASS)
      .map((f) => ({ kind: f.observedAt ? 'live' : 'resource', file: f.file, resource: f.resource, property: f.property, value: f.value, note: f.message, observedAt: f.observedAt }));
    let status: ItemStatus;
    if (item.evidence === EvidenceKind.ATTESTATION || item.evidence === EvidenceKind.PIPELINE) {
      const a = attested.get(item.id);
      if (a) {
        evidence.push({ kind: 'attestation', file: input.attestationsFile ?? 'golive.attestations.json', resource: a.by, note: `${a.date}${a.note ? ': ' + a.note : ''}${a.evidenceUrl ? ' (' + a.evidenceUrl + ')' : ''}` });
        status = ItemStatus.ATTESTED;
      } else {
        status = ItemStatus.PENDING;
      }
    } else if (fs.length === 0) {
      const platforms = input.platformsByItem.get(item.id);
      const applicable = !platforms || [...platforms].some((p) => input.platformsPresent.has(p));
      status = applicable ? ItemStatus.PENDING : ItemStatus.NOT_APPLICABLE;
    } else if (counts[FindingStatus.FAIL]) {
      status = ItemStatus.VIOLATED;
    } else if (counts[FindingStatus.UNKNOWN]) {
      status = ItemStatus.UNKNOWN;
    } else if (counts[FindingStatus.ACKNOWLEDGED]) {
      status = ItemStatus.ACKNOWLEDGED;
    } else {
      status = ItemStatus.SATISFIED;
    }
    results.push({ id: item.id, title: item.title, section: item.section, evidenceKind: item.evidence, status, evidence, counts });
  }
  return results;
}
