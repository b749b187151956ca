import { App, Duration, Stack, Validations, aws_cloudwatch as cw, aws_cloudwatch_actions as cwa, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GoLiveChecks } from '../lib';

/** Options of the reference app. */
export interface ReferenceAppOptions {
  /** Where to synthesize. @default - the CDK default (cdk.out, or CDK_OUTDIR from the CLI) */
  readonly outdir?: string;
  /** Register GoLiveChecks. @default true */
  readonly checks?: boolean;
  /** Register cdk-nag's AwsSolutions pack. @default true */
  readonly nag?: boolean;
  /** Print the checklist summary at synth. @default true */
  readonly printSummary?: boolean;
}

/**
 * The reference app: compliant production stacks, with GoLiveChecks and
 * cdk-nag registered. `npx cdk synth` runs it (bin/app.ts).
 */
export function buildReferenceApp(options: ReferenceAppOptions = {}): App {
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  const stack = new Stack(app, 'GoLiveFoundation', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
  const alarm = new cw.Alarm(stack, 'Errors', {
    metric: new cw.Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 3,
  });
  alarm.addAlarmAction(new cwa.SnsAction(topic));
  const plugins = [];
  if (options.checks ?? true) plugins.push(new GoLiveChecks({ printSummary: options.printSummary ?? true }));
  if (options.nag ?? true) plugins.push(new AwsSolutionsChecks());
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  return app;
}
