#!/usr/bin/env node
import { App, Stack, Validations, aws_kms as kms, aws_sns as sns, aws_cloudwatch as cw, aws_cloudwatch_actions as cwa, Duration } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GoLiveChecks } from '../lib';

const app = new App();
const stack = new Stack(app, 'GoLiveFoundation', { env: { account: '111111111111', region: 'eu-west-1' } });
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
const alarm = new cw.Alarm(stack, 'Errors', {
  metric: new cw.Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', period: Duration.minutes(1) }),
  threshold: 1, evaluationPeriods: 3,
});
alarm.addAlarmAction(new cwa.SnsAction(topic));
Validations.of(app).addPlugins(new GoLiveChecks(), new AwsSolutionsChecks());
