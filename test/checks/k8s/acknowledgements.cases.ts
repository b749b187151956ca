/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Per-object acknowledgements of Kubernetes findings: the annotation `acknowledge.cdk-golive.io/<RuleOrItemId>:
 * "<reason>"` on the object a failing finding is reported on, read by `cdk-golive check`, by the cdk8s plugin
 * (GoLiveK8sValidation) and in process; the helper GoLiveK8sAcknowledgements writes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { GoLiveChecks, GoLiveK8sAcknowledgements, GoLiveK8sValidation, IK8sValidationContext, K8sValidationViolation, ProductionWorkload, WorkloadImage } from '../../../lib';
import { K8S_RULES } from '../../../lib/checks/k8s';
import { folder, outDir, run } from '../../cli/run';
import { applyPatch, checkSet, compliantBases, ManifestSet } from './fixtures';

const KEY = 'acknowledge.cdk-golive.io/';
const checks = () => new GoLiveChecks({ printSummary: false, writeReports: false });
const web = () => compliantBases().get('web')!;

/** The compliant `web` set with its PodDisruptionBudget deleted: K8sPodDisruptionBudget fails on Deployment/shop/web. */
const noPdb = (): ManifestSet => applyPatch(web(), [{ op: 'delete', path: ['PodDisruptionBudget/web'] }]);
/** The compliant `web` set with an HPA that cannot scale: K8sAutoscaler fails on HorizontalPodAutoscaler/shop/web (dispatched on the Rollout). */
const stuckHpa = (): ManifestSet => applyPatch(web(), [{ op: 'set', path: ['HorizontalPodAutoscaler/web', 'spec', 'maxReplicas'], value: 3 }]);

/** `set` with the annotation `key: value` on the document `doc` (`Kind/name`). */
function annotate(set: ManifestSet, doc: string, key: string, value: unknown): ManifestSet {
  return applyPatch(set, [{ op: 'set', path: [doc, 'metadata', 'annotations', key], value }]);
}

const finding = (r: any, rule: string) => r.findings.find((f: any) => f.ruleId === rule && f.status !== 'pass');

describe('in process (GoLiveChecks with manifests)', () => {
  test('an annotation with the rule id on the object the finding names acknowledges it: status, reason, record, item, no violation', () => {
    const before = checkSet(checks(), noPdb(), 'web');
    expect(finding(before, 'K8sPodDisruptionBudget')).toMatchObject({ status: 'fail', resource: 'Deployment/shop/web' });
    expect(before.statusOf('K8S-POD-DISRUPTION-BUDGET')).toBe('violated');

    const r = checkSet(checks(), annotate(noPdb(), 'Deployment/web', `${KEY}K8sPodDisruptionBudget`, 'one replica by design: a drain may take it'), 'web');
    expect(finding(r, 'K8sPodDisruptionBudget')).toMatchObject({ status: 'acknowledged', resource: 'Deployment/shop/web', acknowledgedReason: 'one replica by design: a drain may take it' });
    expect(r.violations()).toEqual([]);
    expect(r.statusOf('K8S-POD-DISRUPTION-BUDGET')).toBe('acknowledged');
    expect(r.acknowledgements).toEqual([{ id: `${KEY}K8sPodDisruptionBudget`, constructPath: 'Deployment/shop/web', file: 'web.yaml', reason: 'one replica by design: a drain may take it', findings: 1 }]);
  });

  test('an item id acknowledges the failing findings of the item\'s rules on that object', () => {
    const r = checkSet(checks(), annotate(noPdb(), 'Deployment/web', `${KEY}K8S-POD-DISRUPTION-BUDGET`, 'batch worker'), 'web');
    expect(finding(r, 'K8sPodDisruptionBudget')).toMatchObject({ status: 'acknowledged', acknowledgedReason: 'batch worker' });
    expect(r.acknowledgements[0]).toMatchObject({ id: `${KEY}K8S-POD-DISRUPTION-BUDGET`, findings: 1 });
  });

  test('the rule id is matched before an item id on the same object (the CDK\'s order)', () => {
    let set = annotate(noPdb(), 'Deployment/web', `${KEY}K8S-POD-DISRUPTION-BUDGET`, 'by item');
    set = annotate(set, 'Deployment/web', `${KEY}K8sPodDisruptionBudget`, 'by rule');
    const r = checkSet(checks(), set, 'web');
    expect(finding(r, 'K8sPodDisruptionBudget').acknowledgedReason).toBe('by rule');
    expect(r.acknowledgements.map((a) => [a.id, a.findings])).toEqual([[`${KEY}K8S-POD-DISRUPTION-BUDGET`, 0], [`${KEY}K8sPodDisruptionBudget`, 1]]);
  });

  test('an annotation on another object does not cover the finding: it stays a violation, and the acknowledgement records findings: 0', () => {
    const r = checkSet(checks(), annotate(noPdb(), 'Service/web', `${KEY}K8sPodDisruptionBudget`, 'wrong object'), 'web');
    expect(finding(r, 'K8sPodDisruptionBudget').status).toBe('fail');
    expect(r.statusOf('K8S-POD-DISRUPTION-BUDGET')).toBe('violated');
    expect(r.acknowledgements).toEqual([{ id: `${KEY}K8sPodDisruptionBudget`, constructPath: 'Service/shop/web', file: 'web.yaml', reason: 'wrong object', findings: 0 }]);
  });

  test('a finding reported on another object than the one the rule was dispatched on (an HPA, because of a Rollout) is acknowledged on the object it is reported on only', () => {
    const onRollout = checkSet(checks(), annotate(stuckHpa(), 'Rollout/web', `${KEY}K8sAutoscaler`, 'fixed size'), 'web');
    expect(finding(onRollout, 'K8sAutoscaler')).toMatchObject({ status: 'fail', resource: 'HorizontalPodAutoscaler/shop/web' });
    expect(onRollout.acknowledgements[0].findings).toBe(0);
    const onHpa = checkSet(checks(), annotate(stuckHpa(), 'HorizontalPodAutoscaler/web', `${KEY}K8sAutoscaler`, 'fixed size'), 'web');
    expect(finding(onHpa, 'K8sAutoscaler')).toMatchObject({ status: 'acknowledged', resource: 'HorizontalPodAutoscaler/shop/web', acknowledgedReason: 'fixed size' });
    expect(onHpa.statusOf('SCALING-AUTOSCALING')).toBe('acknowledged');
  });

  test('an acknowledgement of a rule that passes changes nothing and records findings: 0', () => {
    const r = checkSet(checks(), annotate(web(), 'Deployment/web', `${KEY}K8sPodDisruptionBudget`, 'just in case'), 'web');
    expect(r.findings.filter((f) => f.ruleId === 'K8sPodDisruptionBudget').every((f) => f.status === 'pass')).toBe(true);
    expect(r.statusOf('K8S-POD-DISRUPTION-BUDGET')).toBe('satisfied');
    expect(r.acknowledgements[0].findings).toBe(0);
  });

  test('objects of a List are read, each on its own', () => {
    const set = annotate(noPdb(), 'Deployment/web', `${KEY}K8sPodDisruptionBudget`, 'in a list');
    const r = checks()._evaluateLoaded({ templates: [], manifests: [{ file: 'list.yaml', documents: [{ apiVersion: 'v1', kind: 'List', items: Object.values(set) }] }], acks: [], lines: {} });
    expect(finding(r, 'K8sPodDisruptionBudget')).toMatchObject({ status: 'acknowledged', file: 'list.yaml' });
  });

  test('an AWS acknowledgement (construct tree), even app-wide, does not reach Kubernetes findings', () => {
    const r = checks()._evaluateLoaded({ templates: [], manifests: [{ file: 'web.yaml', documents: Object.values(noPdb()) }], acks: [{ id: 'K8sPodDisruptionBudget', fullId: 'GoLiveChecks::K8sPodDisruptionBudget', path: '', reason: 'app-wide' }], lines: {} });
    expect(finding(r, 'K8sPodDisruptionBudget').status).toBe('fail');
  });

  describe('fails closed: one line per mistake, naming the file, the document, the object and the annotation', () => {
    const refused = (set: ManifestSet): string => {
      try {
        checkSet(checks(), set, 'web');
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    // The document of Deployment/web in the set's order (1-based).
    const docOf = (set: ManifestSet, key: string) => Object.keys(set).indexOf(key) + 1;

    test.each([
      ['an unknown id', 'K8sNoSuchRule', 'why', /'K8sNoSuchRule' is neither a rule id nor a checklist item id/],
      ['an id in the wrong case', 'k8spoddisruptionbudget', 'why', /'k8spoddisruptionbudget' is neither a rule id nor a checklist item id .*case-sensitive/],
      ['an empty reason', 'K8sPodDisruptionBudget', '', /the reason is empty; say why the finding is accepted/],
      ['a blank reason', 'K8sPodDisruptionBudget', '   ', /the reason is empty/],
      ['a reason that is a boolean', 'K8sPodDisruptionBudget', true, /the reason must be text \(found the boolean true: quote it\)/],
      ['a reason that is a number', 'K8sPodDisruptionBudget', 3, /the reason must be text \(found the number 3: quote it\)/],
      ['a reason that is null', 'K8sPodDisruptionBudget', null, /the reason must be text \(found null: quote it\)/],
      ['a reason that is a map', 'K8sPodDisruptionBudget', { a: 1 }, /the reason must be text \(found a map: quote it\)/],
      ['an attestation item', 'DB-MIGRATION-PLAN', 'why', /'DB-MIGRATION-PLAN' is an attestation item: no rule reports on it, so there is nothing to acknowledge; attest it in golive.attestations.json/],
      ['an AWS rule', 'RdsStorageEncrypted', 'why', /'RdsStorageEncrypted' is a rule of CloudFormation templates: no Kubernetes finding carries it/],
      ['an item only AWS rules report on', 'DB-MULTI-AZ', 'why', /'DB-MULTI-AZ' is an item no Kubernetes rule reports on/],
      ['no id at all', '', 'why', /'' is neither a rule id nor a checklist item id/],
    ])('%s', (_what, id, value, re) => {
      const set = annotate(noPdb(), 'Deployment/web', `${KEY}${id}`, value);
      const message = refused(set);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(new RegExp(`^web\\.yaml: document ${docOf(set, 'Deployment/web')} \\(Deployment/shop/web\\): annotation acknowledge\\.cdk-golive\\.io/${id}: `));
      expect(message).toMatch(re);
    });

    test('an acknowledgement on a pod template is refused (it would annotate the pods and is not read)', () => {
      const set = applyPatch(noPdb(), [{ op: 'set', path: ['Deployment/web', 'spec', 'template', 'metadata', 'annotations', `${KEY}K8sPodDisruptionBudget`], value: 'why' }]);
      expect(refused(set)).toMatch(/^web\.yaml: document \d+ \(Deployment\/shop\/web\): annotation acknowledge\.cdk-golive\.io\/K8sPodDisruptionBudget is on the template spec\.template .*write it in the object's own metadata\.annotations$/);
    });

    test('several mistakes: one line each, no rule run', () => {
      let set = annotate(noPdb(), 'Deployment/web', `${KEY}Nope`, 'why');
      set = annotate(set, 'Service/web', `${KEY}K8sPodDisruptionBudget`, '');
      expect(refused(set).split('\n')).toEqual([expect.stringMatching(/Deployment\/shop\/web.*'Nope'/), expect.stringMatching(/Service\/shop\/web.*the reason is empty/)]);
    });

    test('in a List: the item is named', () => {
      const set = annotate(noPdb(), 'Deployment/web', `${KEY}Nope`, 'why');
      expect(() => checks()._evaluateLoaded({ templates: [], manifests: [{ file: 'list.yaml', documents: [{ apiVersion: 'v1', kind: 'List', items: Object.values(set) }] }], acks: [], lines: {} }))
        .toThrow(new RegExp(`^list\\.yaml: document 1 \\(List\\) items\\[${Object.keys(set).indexOf('Deployment/web')}\\] \\(Deployment/shop/web\\): annotation acknowledge\\.cdk-golive\\.io/Nope: `));
    });

    test('other annotations of the domain, and other prefixes, are not ours', () => {
      let set = annotate(noPdb(), 'Deployment/web', 'cdk-golive.io/acknowledge-K8sPodDisruptionBudget', '');
      set = annotate(set, 'Deployment/web', 'ignore-check.kube-linter.io/no-pdb', 'kube-linter\'s');
      expect(finding(checkSet(checks(), set, 'web'), 'K8sPodDisruptionBudget').status).toBe('fail');
    });
  });

  test('every Kubernetes rule id and item id is a valid annotation key name (at most 63 characters: alphanumerics, -, _, . between alphanumerics)', () => {
    const ids = [...K8S_RULES.map((r) => r.id), ...new Set(K8S_RULES.flatMap((r) => r.items))];
    const bad = ids.filter((id) => id.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(id));
    expect(bad).toEqual([]);
    expect(GoLiveK8sAcknowledgements.ANNOTATION_PREFIX).toBe(KEY);
    // The prefix is a DNS subdomain (lowercase, at most 253 characters), as Kubernetes requires of a key's prefix.
    expect(KEY.slice(0, -1)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });
});

describe('cdk-golive check', () => {
  const yaml = (set: ManifestSet) => Object.values(set).map((d) => YAML.stringify(d)).join('---\n');

  test('without the annotation exit 1; with it exit 0, and the reports say acknowledged (JSON, Markdown, SARIF suppression)', () => {
    expect(run(['check', folder({ 'web.yaml': yaml(noPdb()) }), '--format', 'json', '--out', outDir()]).code).toBe(1);
    const dir = folder({ 'web.yaml': yaml(annotate(noPdb(), 'Deployment/web', `${KEY}K8sPodDisruptionBudget`, 'one replica | by design')) });
    const out = outDir();
    const r = run(['check', dir, '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8'));
    expect(j.acknowledgements).toEqual([{ id: `${KEY}K8sPodDisruptionBudget`, constructPath: 'Deployment/shop/web', file: path.join(dir, 'web.yaml'), reason: 'one replica | by design', findings: 1 }]);
    expect(j.findings.find((f: any) => f.ruleId === 'K8sPodDisruptionBudget')).toMatchObject({ status: 'acknowledged', resource: 'Deployment/shop/web', acknowledgedReason: 'one replica | by design' });
    expect(j.items.find((i: any) => i.id === 'K8S-POD-DISRUPTION-BUDGET').status).toBe('acknowledged');
    const md = fs.readFileSync(path.join(out, 'golive-report.md'), 'utf8');
    expect(md).toContain(`| ${KEY}K8sPodDisruptionBudget | ${path.join(dir, 'web.yaml')}: Deployment/shop/web | one replica \\| by design | 1 |`);
    const sarif = JSON.parse(fs.readFileSync(path.join(out, 'golive-report.sarif'), 'utf8'));
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'K8sPodDisruptionBudget');
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'one replica | by design' }]);
  });

  test('an annotation that matches no finding is recorded with findings: 0 (the run still passes)', () => {
    const out = outDir();
    const r = run(['check', folder({ 'web.yaml': yaml(annotate(web(), 'Service/web', `${KEY}K8sPodDisruptionBudget`, 'spare')) }), '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8')).acknowledgements).toMatchObject([{ constructPath: 'Service/shop/web', findings: 0 }]);
  });

  test('a mistake is exit 2, one line naming the file, the document and the annotation', () => {
    const dir = folder({ 'web.yaml': yaml(annotate(noPdb(), 'Deployment/web', `${KEY}DB-MIGRATION-PLAN`, 'why')) });
    const r = run(['check', dir, '--out', outDir()]);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/web\.yaml: document \d+ \(Deployment\/shop\/web\): annotation acknowledge\.cdk-golive\.io\/DB-MIGRATION-PLAN: 'DB-MIGRATION-PLAN' is an attestation item/);
  });

  test('a YAML boolean as the reason is refused (quote it)', () => {
    const text = yaml(noPdb()).replace(/(kind: Deployment\n(?:.*\n)*?metadata:\n)/, `$1  annotations:\n    ${KEY}K8sPodDisruptionBudget: true\n`);
    const r = run(['check', folder({ 'web.yaml': text }), '--out', outDir()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/annotation acknowledge\.cdk-golive\.io\/K8sPodDisruptionBudget: the reason must be text \(found the boolean true: quote it\)/);
  });
});

/** A stand-in for cdk8s-cli's ValidationContext (as golive-k8s-validation.cases.ts has it). */
function fakeContext(manifests: string[]) {
  const violations: K8sValidationViolation[] = [];
  let submitted: { status: string } | undefined;
  const context: IK8sValidationContext = {
    manifests,
    report: { addViolation: (v) => violations.push(v), submit: (status) => { submitted = { status }; } },
    logger: { log: () => undefined },
  };
  return { context, violations, submitted: () => submitted };
}

function synthTo(build: (app: App) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8sack-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  return fs.readdirSync(outdir).map((f) => path.join(outdir, f));
}

const workload = (app: App) => new ProductionWorkload(new Chart(app, 'web'), 'web', { image: WorkloadImage.fromTag('ghcr.io/acme/web', '1.0.0') });

describe('the cdk8s plugin (GoLiveK8sValidation) and the helper', () => {
  test('the helper writes the annotation on the object; acknowledged findings no longer fail the synth', async () => {
    let pw: ProductionWorkload | undefined;
    const manifests = synthTo((app) => {
      pw = workload(app);
      GoLiveK8sAcknowledgements.of(pw.deployment).acknowledge({ id: 'K8sProgressiveRollout', reason: 'an internal tool: a rolling update is enough' });
      GoLiveK8sAcknowledgements.of(pw.deployment).acknowledge({ id: 'GoLiveChecks::DEPLOY-CANARY-ROLLBACK', reason: 'no traffic to analyse' });
    });
    const docs = YAML.parseAllDocuments(fs.readFileSync(manifests[0], 'utf8')).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === 'Deployment').metadata.annotations).toMatchObject({
      [`${KEY}K8sProgressiveRollout`]: 'an internal tool: a rolling update is enough',
      [`${KEY}DEPLOY-CANARY-ROLLBACK`]: 'no traffic to analyse',
    });
    const ctx = fakeContext(manifests);
    await new GoLiveK8sValidation({ writeReports: false }).validate(ctx.context);
    expect(ctx.violations).toEqual([]);
    expect(ctx.submitted()?.status).toBe('success');
    const report = new GoLiveK8sValidation().checkManifests(manifests);
    expect(report.findings.filter((f) => f.status === 'acknowledged').map((f) => f.ruleId).sort()).toEqual(['K8sCanaryAnalysis', 'K8sProgressiveRollout']);
    // In the order of the manifest (cdk8s writes annotations sorted by key).
    expect(report.acknowledgements.map((a) => [a.id, a.constructPath, a.findings])).toEqual([
      [`${KEY}DEPLOY-CANARY-ROLLBACK`, 'Deployment/default/web', 1],
      [`${KEY}K8sProgressiveRollout`, 'Deployment/default/web', 1],
    ]);
  });

  test('checkApp reads the annotations of the charts in memory', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'golive-k8sack-')) });
    const pw = workload(app);
    expect(new GoLiveK8sValidation().checkApp(app).violations().map((f) => f.ruleId).sort()).toEqual(['K8sCanaryAnalysis', 'K8sProgressiveRollout']);
    GoLiveK8sAcknowledgements.of(pw.deployment).acknowledge({ id: 'DEPLOY-PROGRESSIVE', reason: 'internal tool' });
    expect(new GoLiveK8sValidation().checkApp(app).violations().map((f) => f.ruleId)).toEqual(['K8sCanaryAnalysis']);
  });

  test('a mistaken annotation fails the synth: one Configuration violation naming the manifest, the document and the annotation', async () => {
    const manifests = synthTo((app) => {
      const pw = workload(app);
      ApiObject.of(pw.deployment).metadata.addAnnotation(`${KEY}K8sNoSuchRule`, 'why');
    });
    const ctx = fakeContext(manifests);
    await new GoLiveK8sValidation({ writeReports: false }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.violations).toHaveLength(1);
    expect(ctx.violations[0].ruleName).toBe('GoLiveChecks::Configuration');
    expect(ctx.violations[0].recommendation).toMatch(new RegExp(`^${manifests[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document \\d+ \\(Deployment/default/web\\): annotation acknowledge\\.cdk-golive\\.io/K8sNoSuchRule: 'K8sNoSuchRule' is neither`));
  });

  test('the helper refuses what the checks would refuse, at once', () => {
    const app = new App();
    const pw = workload(app);
    const acks = GoLiveK8sAcknowledgements.of(pw.podDisruptionBudget);
    expect(() => acks.acknowledge({ id: 'K8sPodDisruptionBudget', reason: ' ' })).toThrow(/acknowledge\({ id: 'K8sPodDisruptionBudget' }\): the reason is empty/);
    expect(() => acks.acknowledge({ id: 'K8sNoSuchRule', reason: 'why' })).toThrow(/'K8sNoSuchRule' is neither a rule id nor a checklist item id/);
    expect(() => acks.acknowledge({ id: 'DB-MIGRATION-PLAN', reason: 'why' })).toThrow(/is an attestation item/);
    expect(() => acks.acknowledge({ id: 'GoLiveChecks::RdsStorageEncrypted', reason: 'why' })).toThrow(/is a rule of CloudFormation templates/);
    expect(pw.podDisruptionBudget.toJson().metadata.annotations ?? {}).toEqual({});
  });

  test('of() takes an ApiObject or a construct whose default child is one, and refuses a construct of several objects', () => {
    const app = new App();
    const pw = workload(app);
    GoLiveK8sAcknowledgements.of(pw.podDisruptionBudget).acknowledge({ id: 'K8sPodDisruptionBudget', reason: 'why' });
    expect(pw.podDisruptionBudget.toJson().metadata.annotations).toEqual({ [`${KEY}K8sPodDisruptionBudget`]: 'why' });
    expect(() => GoLiveK8sAcknowledgements.of(pw)).toThrow(/GoLiveK8sAcknowledgements\.of\('web\/web'\): not a Kubernetes object .*ProductionWorkload exposes its objects/);
  });
});
