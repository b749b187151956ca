/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'path';
// A type only: the plugin runs where cdk8s-cli runs, and needs neither cdk8s nor cdk8s-plus-28 at run time.
import type { App } from 'cdk8s';
import { ThresholdOverrides } from '../checklist/thresholds';
import { Section } from '../checklist/types';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../input/read-file';
import { GoLiveChecks } from './golive-checks';
import { parseYamlDocs } from './loader';
import { Severity } from './model';
import { ChecklistReport } from './report';

/**
 * One resource named by a violation (the shape cdk8s-cli's `ValidationViolatingResource` has).
 */
export interface K8sValidationViolatingResource {
  /** The resource's name (`metadata.name`). */
  readonly resourceName: string;
  /** The locations (property paths) in its manifest. */
  readonly locations: string[];
  /** The manifest file it is defined in. */
  readonly manifestPath: string;
}

/**
 * A violation reported to cdk8s (the shape cdk8s-cli's `ValidationViolation` has).
 */
export interface K8sValidationViolation {
  /** `GoLiveChecks::<RuleId>`. */
  readonly ruleName: string;
  /** What is wrong, with the checklist items. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources in violation. */
  readonly violatingResources: K8sValidationViolatingResource[];
}

/**
 * The report a cdk8s validation plugin fills (structurally cdk8s-cli's `ValidationReport`).
 */
export interface IK8sValidationReport {
  /** Add a violation. */
  addViolation(violation: K8sValidationViolation): void;
  /**
   * Submit the report.
   * @param status `success` or `failure`
   * @param metadata extra key/values shown in the report summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * The logger cdk8s gives a validation plugin (structurally cdk8s-cli's `ValidationLogger`).
 */
export interface IK8sValidationLogger {
  /** Log a message. */
  log(message: string): void;
}

/**
 * What cdk8s passes a validation plugin (structurally cdk8s-cli's `ValidationContext`).
 */
export interface IK8sValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill and submit. */
  readonly report: IK8sValidationReport;
  /** The logger. */
  readonly logger: IK8sValidationLogger;
}

/**
 * Options of `GoLiveK8sValidation`; in `cdk8s.yaml` they are the plugin's `properties`.
 */
export interface GoLiveK8sValidationProps {
  /**
   * Only check items of these sections.
   * @default - every section
   */
  readonly sections?: Section[];
  /**
   * Only check these items (catalog ids).
   * @default - every item
   */
  readonly items?: string[];
  /**
   * Severity per rule id, replacing the rule's own.
   * @default - each rule's severity
   */
  readonly severityOverrides?: { [ruleId: string]: Severity };
  /**
   * Tightened thresholds. A value looser than the catalog's is refused.
   * @default - the catalog's thresholds
   */
  readonly thresholds?: ThresholdOverrides;
  /**
   * Write `golive-report.json`, `.md` and `.sarif` next to the manifests at synth.
   * @default true
   */
  readonly writeReports?: boolean;
}

/**
 * The production checklist as a cdk8s validation plugin: `cdk8s synth` checks
 * every synthesized manifest with the Kubernetes rules and fails on a violation.
 *
 * In `cdk8s.yaml` (cdk8s-cli loads the class from the package by name; the
 * version must be exact, and a local path must start with `./`):
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk-golive
 *     version: 0.1.0
 *     class: GoLiveK8sValidation
 *     properties:
 *       thresholds: { minReplicas: 3 }
 * ```
 *
 * The same checks run in tests with `checkApp(app)` and in CI with
 * `cdk-golive check dist/`.
 *
 * Acknowledge a failing finding on the object it is reported on with an
 * annotation, `acknowledge.cdk-golive.io/<RuleOrItemId>: "<reason>"`, written with
 * `GoLiveK8sAcknowledgements.of(apiObject).acknowledge({ id, reason })`: the
 * finding is reported as acknowledged, with its reason, and does not fail the
 * synth. An unknown id, an empty reason or an attestation item fails the synth,
 * one line naming the manifest, the document and the annotation. To leave an
 * item out everywhere, pass `items` or `sections`.
 */
export class GoLiveK8sValidation {
  private readonly checks: GoLiveChecks;
  private readonly writeReports: boolean;

  constructor(props: GoLiveK8sValidationProps = {}) {
    this.checks = new GoLiveChecks({
      sections: props.sections,
      items: props.items,
      severityOverrides: props.severityOverrides,
      thresholds: props.thresholds,
      printSummary: false,
      writeReports: false,
    });
    this.writeReports = props.writeReports ?? true;
  }

  /**
   * Called by `cdk8s synth`: checks the manifests, reports every violation and
   * submits `failure` when there is one.
   */
  public async validate(context: IK8sValidationContext): Promise<void> {
    let report: ChecklistReport;
    try {
      report = this.checkManifests(context.manifests);
      if (this.writeReports && context.manifests.length > 0) report.writeReports(path.dirname(context.manifests[0]));
    } catch (e) {
      // Fail closed: a mistake in the configuration or a malformed manifest stops the synth, one line each.
      for (const line of String((e as Error).message ?? e).split('\n').filter(Boolean)) {
        context.report.addViolation({ ruleName: 'GoLiveChecks::Configuration', recommendation: line, fix: 'Correct the plugin properties in cdk8s.yaml or the file named; the checks did not run.', violatingResources: [] });
      }
      context.report.submit('failure');
      return;
    }
    context.logger?.log(report._terminalText());
    const violations = violationsOf(report);
    for (const v of violations) context.report.addViolation(v);
    const counts = report.counts().total ?? {};
    context.report.submit(report.blockingViolations().length > 0 ? 'failure' : 'success',
      Object.fromEntries(Object.entries(counts).map(([k, n]) => [`items ${k}`, String(n)])));
  }

  /** Check manifest files (YAML, one or more documents each). */
  public checkManifests(files: string[]): ChecklistReport {
    // Every document goes to the index, which skips empty ones and refuses any other that is not an object (a
    // scalar was dropped here unseen), numbering them as they are in the file.
    // The plugin has no option to raise the limit: the CLI has.
    const manifests = files.map((file) => ({ file, documents: parseYamlDocs(file, readTextFile(file, DEFAULT_MAX_FILE_BYTES, 'check a larger manifest with cdk-golive check --max-file-size')) }));
    return this.checks._evaluateLoaded({ templates: [], manifests, acks: [], lines: {} });
  }

  /**
   * Check the charts of a cdk8s app in memory, for tests:
   * `expect(new GoLiveK8sValidation().checkApp(app).violations()).toEqual([])`.
   */
  public checkApp(app: App): ChecklistReport {
    const manifests = app.charts.map((chart) => ({ file: `${chart.node.path || chart.node.id}.k8s.yaml`, documents: chart.toJson() }));
    return this.checks._evaluateLoaded({ templates: [], manifests, acks: [], lines: {} });
  }
}

/**
 * The report's violations for cdk8s (`_resourceViolations`, shared with the CDK plugin and the CLI):
 * one per failing object, describing that object only.
 * @internal
 */
export function violationsOf(report: ChecklistReport): K8sValidationViolation[] {
  return report._resourceViolations().map(({ finding: f, text }) => ({
    ruleName: `GoLiveChecks::${f.ruleId}`,
    recommendation: `${f.resource}: ${text}`,
    fix: f.fix,
    violatingResources: [{ resourceName: f.resource.split('/').pop()!, locations: [f.property ?? 'metadata'], manifestPath: f.file }],
  }));
}
