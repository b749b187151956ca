import { Aws, Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { claim } from './guard';
import { applyParentLogicalIds } from './logical-ids';

/** Properties of a `ServiceBudget`. @internal */
export interface ServiceBudgetProps {
  /** The budget's name. */
  readonly budgetName: string;
  /** The monthly cost, in US dollars. */
  readonly monthlyUsd: number;
  /** The topic the budget notifies (let Budgets publish with `allowBudgetsToPublish` and `allowBudgetsToUseKey`). */
  readonly alarmTopic: sns.ITopic;
  /**
   * Email addresses notified besides the topic.
   * @default - the topic only
   */
  readonly emails?: string[];
}

/**
 * ALARM-COST-BUDGET: an AWS Budgets cost budget that notifies the topic (and `emails`) when the
 * actual monthly spend passes 80 % of `monthlyUsd` and when the forecast passes 100 %. The
 * topic's owner lets Budgets publish (`allowBudgetsToPublish`, `allowBudgetsToUseKey`) when it
 * sets the topic up, so the policy statements keep their place.
 * @internal
 */
export class ServiceBudget extends Construct {
  /** The budget. */
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: ServiceBudgetProps) {
    super(scope, id);
    const subscribers: budgets.CfnBudget.SubscriberProperty[] = [
      { subscriptionType: 'SNS', address: props.alarmTopic.topicArn },
      ...(props.emails ?? []).map((address) => ({ subscriptionType: 'EMAIL', address })),
    ];
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyUsd, unit: 'USD' },
      },
      notificationsWithSubscribers: [
        {
          notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE' },
          subscribers,
        },
        {
          notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE' },
          subscribers,
        },
      ],
    });
    applyParentLogicalIds(this);
    claim(this, 'ALARM-COST-BUDGET');
  }
}

/** Let AWS Budgets publish to topics encrypted with the key. Once per key; a no-op for an imported key. @internal */
export function allowBudgetsToUseKey(key: kms.IKey): void {
  if (KEYS_WITH_BUDGETS.has(key)) return;
  KEYS_WITH_BUDGETS.add(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBudgetsToPublishToEncryptedTopics',
    principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    // Publishing still needs the topic policy, which only admits this account's budgets.
    resources: ['*'],
  }));
}
const KEYS_WITH_BUDGETS = new WeakSet<kms.IKey>();

/** Let this account's AWS Budgets publish to the topic (a no-op for an imported topic). @internal */
export function allowBudgetsToPublish(topic: sns.ITopic): void {
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowThisAccountsBudgetsToPublish',
    principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Stack.of(topic).account },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:budgets::${Stack.of(topic).account}:*` },
    },
  }));
}
