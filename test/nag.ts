import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledgeSameChecks, NIST_R5_PACK, SAME_CHECK_PACKS } from '../lib/aws/private/nag-packs';

/**
 * The cdk-nag packs the reference app and the construct conformance stacks must
 * pass: AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1.
 */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];
}

/**
 * The cdk-nag findings left unacknowledged in `app` by the packs of `nagPacks()`,
 * as `<rule> <construct path or logical id>` lines.
 * The conformance tests expect none.
 */
export function unacknowledgedNagFindings(app: IConstruct): string[] {
  const left: string[] = [];
  for (const pack of nagPacks()) {
    for (const v of pack.validateScope(app).violations) {
      for (const r of v.violatingResources) left.push(`${v.ruleName} ${(r as { constructPath?: string }).constructPath ?? r.resourceLogicalId}`);
    }
  }
  return left;
}

/** An acknowledgement a test stack makes: the rule, where, and why. Mirrored in the docs. */
export interface Ack { id: string; reason: string }

/**
 * Acknowledge `acks` on `scope`, and, as the constructs do, the same checks of the
 * HIPAA Security and PCI DSS 3.2.1 packs with the same reasons.
 */
export function ack(scope: IConstruct, ...acks: Ack[]): void {
  Validations.of(scope).acknowledge(...acks);
  acknowledgeSameChecks(scope);
}

/**
 * The acknowledgements made in `app` that docs/`docName` does not name (by rule
 * id, without the CDK's `Annotation::` or plugin prefix, nor a finding in
 * brackets), and those whose reason has 20 characters or fewer, as
 * `<id> at <construct path>` lines.
 */
export function undocumentedAcknowledgements(app: IConstruct, docName: string): string[] {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', docName), 'utf8');
  const missing: string[] = [];
  for (const c of app.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) {
        const rule = id.replace(/^[A-Za-z0-9.-]+::/, '').replace(/\[.*$/, '');
        if (!doc.includes(rule)) missing.push(`${id} at ${c.node.path}`);
        if (String(reason).trim().length <= 20) missing.push(`${id} at ${c.node.path}: reason too short`);
      }
    }
  }
  return missing;
}

/**
 * The NIST 800-53 R5 acknowledgements in `app` that are not also made, with the
 * same reason, under the HIPAA Security or PCI DSS 3.2.1 pack that runs the same
 * check, as `<missing id> at <construct path>` lines: what the docs promise.
 */
export function unmirroredNistAcknowledgements(app: IConstruct): string[] {
  const missing: string[] = [];
  for (const c of app.node.findAll()) {
    const acks: Record<string, string> = {};
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acks[id.replace(/^Annotation::/, '')] = reason;
    }
    for (const [id, reason] of Object.entries(acks)) {
      if (!id.startsWith(`${NIST_R5_PACK}-`)) continue;
      const rule = id.slice(NIST_R5_PACK.length + 1);
      for (const { pack, lacks } of SAME_CHECK_PACKS) {
        if (lacks.includes(rule.replace(/\[.*$/, ''))) continue;
        if (acks[`${pack}-${rule}`] !== reason) missing.push(`${pack}-${rule} at ${c.node.path}`);
      }
    }
  }
  return missing;
}
