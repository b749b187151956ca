/**
 * Conformance of the service tier: a stack with (a) a Lambda service behind a
 * function URL on its alias and (b) an ECS Fargate service behind an HTTPS
 * Application Load Balancer, both released by CanaryDeployment and watched by
 * ServiceAlarms, passes GoLiveChecks for the alarms, dashboards, deployment and
 * scaling/HA sections, cdk-nag (AwsSolutions, NIST 800-53 R5, HIPAA Security and
 * PCI DSS 3.2.1) with every remaining finding acknowledged with a reason, and the
 * CDK's CloudFormation validation. The acknowledgements are listed in
 * docs/acknowledgements-service.md (a test checks it).
 *
 * The synth with the CDK's CloudFormation validation is in cfn-validation-conformance.test.ts, with the
 * other suites' apps: the validation loads its rules once per test file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Section } from '../../lib/checklist/types';
import { GoLiveChecks } from '../../lib/checks';
import { unacknowledgedNagFindings, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { build } from './conformance/service-tier';

test('GoLiveChecks (alarms, dashboards, deployment, scaling/HA): no violation', () => {
  const { app } = build();
  const report = new GoLiveChecks({
    sections: [Section.ALARMS, Section.DASHBOARDS, Section.DEPLOYMENT, Section.SCALING_HA],
    printSummary: false,
    writeReports: false,
  }).checkApp(app);
  const violations = report.violations().map((f) => `${f.ruleId} [${f.itemIds.join(',')}] ${f.constructPath ?? f.resource}: ${f.message}`);
  expect(violations).toEqual([]);
  for (const item of ['ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99', 'ALARM-UNHEALTHY-HOSTS', 'ALARM-CPU', 'ALARM-MEMORY',
    'ALARM-ACTIONS', 'ALARM-TOPIC-ENCRYPTED', 'ALARM-STANDARD-SET', 'DASHBOARD-SERVICE',
    'DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-HEALTH-HOOKS', 'SCALING-MIN-CAPACITY']) {
    expect([item, report.statusOf(item)]).toEqual([item, 'satisfied']);
  }
  // The counts its document states (docs/acknowledgements-service.md, also in README.md).
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'acknowledgements-service.md'), 'utf8');
  const stated = /: (\d+) items `satisfied`, the other (\d+) `pending`/.exec(doc)!;
  expect([Number(stated[1]), Number(stated[2])]).toEqual([report.counts().total.satisfied, report.counts().total.pending]);
});

test('cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1: every finding acknowledged', () => {
  const { app } = build();
  expect(unacknowledgedNagFindings(app)).toEqual([]);
});

test('every acknowledgement has a reason and is listed in docs/acknowledgements-service.md; the NIST ones are made under HIPAA and PCI too', () => {
  const { app } = build();
  expect(undocumentedAcknowledgements(app, 'acknowledgements-service.md')).toEqual([]);
  expect(unmirroredNistAcknowledgements(app)).toEqual([]);
});
