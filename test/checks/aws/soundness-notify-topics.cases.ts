/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ALARM-NOTIFICATION-CHANNELS judged only the topics alarms notify. A backup vault's failure notifications and an
 * EventBridge rule sending AWS Backup or Secrets Manager events (BACKUP-FAILURE-NOTIFICATION, SECRETS-ROTATION-ALERT
 * leave "does the topic reach anyone" to this item) could go to a topic nobody subscribes to, and no item said so.
 * Those topics are judged now as alarm topics are.
 */
import { applyPatch, compliantBases } from './fixtures';
import { checks } from './judged';

const bases = compliantBases();
const ENV = { region: 'eu-west-1' };
const channels = (t: any) => checks.checkTemplate(t, 'database', ENV).findings.filter((f) => f.ruleId === 'AlarmTopicSubscribed');

describe('ALARM-NOTIFICATION-CHANNELS on the topics of backup and rotation alerts', () => {
  test('a vault notifying a topic with no subscription: fail on that topic', () => {
    const t = applyPatch(bases.get('database'), [
      { op: 'set', path: ['Resources', 'BackupTopic'], value: { Type: 'AWS::SNS::Topic', Properties: {} } },
      { op: 'set', path: ['Resources', 'BackupVault3A9C5852', 'Properties', 'Notifications', 'SNSTopicArn'], value: { Ref: 'BackupTopic' } },
    ]);
    expect(channels(t).filter((f) => f.resource === 'BackupTopic').map((f) => [f.status, f.message])).toEqual([['fail', expect.stringMatching(/topic notified by backup vault BackupVault3A9C5852 has no subscription/)]]);
  });

  test('an EventBridge rule on Secrets Manager events targeting a topic with no subscription: fail; with an email subscription: pass', () => {
    const t: any = applyPatch(bases.get('database'), [
      { op: 'set', path: ['Resources', 'RotationTopic'], value: { Type: 'AWS::SNS::Topic', Properties: {} } },
      { op: 'set', path: ['Resources', 'SecretRotationFailedB333363E', 'Properties', 'Targets'], value: [{ Arn: { Ref: 'RotationTopic' }, Id: 'Target0' }] },
    ]);
    expect(channels(t).filter((f) => f.resource === 'RotationTopic').map((f) => f.status)).toEqual(['fail']);
    t.Resources.RotationMail = { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'RotationTopic' }, Protocol: 'email', Endpoint: 'dba@example.com' } };
    expect(channels(t).filter((f) => f.resource === 'RotationTopic').map((f) => f.status)).toEqual(['pass']);
  });

  test('an EventBridge rule on an application\'s own events is not an alert: its topic is not judged', () => {
    const t: any = applyPatch(bases.get('database'), [
      { op: 'set', path: ['Resources', 'OrdersTopic'], value: { Type: 'AWS::SNS::Topic', Properties: {} } },
      { op: 'set', path: ['Resources', 'OrdersRule'], value: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['shop.orders'] }, State: 'ENABLED', Targets: [{ Arn: { Ref: 'OrdersTopic' }, Id: 'T' }] } } },
    ]);
    expect(channels(t).filter((f) => f.resource === 'OrdersTopic')).toEqual([]);
  });
});
