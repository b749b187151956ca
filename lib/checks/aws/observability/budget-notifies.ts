import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * ALARM-COST-BUDGET: the cost budget notifies a subscriber.
 *
 * Decisions: judged on every cost budget (BudgetType COST; usage, RI and
 * Savings Plans budgets are not judged, a type from a parameter is unknown);
 * only a GREATER_THAN notification with a subscriber counts (LESS_THAN notifies
 * under-spend; EQUAL_TO, an exact amount, is unknown). A template without a budget
 * leaves the item pending rather than failing — budgets usually live in an
 * account or billing stack, not with the service, and one template cannot show
 * they are missing from the others.
 */
export const BudgetNotifies: AwsRule = {
  id: 'BudgetNotifies',
  items: ['ALARM-COST-BUDGET'],
  types: ['AWS::Budgets::Budget'],
  severity: Severity.LOW,
  description: 'Cost budgets have at least one GREATER_THAN notification (actual or forecasted) with a subscriber.',
  fix: 'Add NotificationsWithSubscribers: an ACTUAL and a FORECASTED notification, each with an EMAIL or SNS subscriber.',
  check(res, { index }) {
    const type = index.prop(res, 'Budget.BudgetType');
    if (type.k === 'unknown') return unknown('Properties.Budget.BudgetType', type, `budget type decided at deploy time (${type.why}): it may not be a cost budget`);
    if (V.str(type) !== 'COST') return undefined; // a usage, RI or Savings Plans budget says nothing of cost
    const p = 'Properties.NotificationsWithSubscribers';
    const list = index.prop(res, 'NotificationsWithSubscribers');
    if (list.k === 'unknown') return unknown(p, list, `notifications decided at deploy time (${list.why})`);
    const kinds: string[] = [];
    let open: string | undefined;
    for (const e of index.items(list) ?? []) {
      if (e.k === 'unknown') { open = e.why; continue; }
      const subscribers = index.field(e, 'Subscribers');
      if (subscribers.k === 'unknown') { open = subscribers.why; continue; }
      if ((index.items(subscribers) ?? []).length === 0) continue;
      // Only GREATER_THAN notifies when spend goes over; LESS_THAN notifies under-spend, EQUAL_TO an exact amount.
      const op = index.field(e, 'Notification.ComparisonOperator');
      if (op.k === 'unknown') { open = `comparison operator: ${op.why}`; continue; }
      const operator = V.str(op);
      if (operator === 'LESS_THAN') continue;
      if (operator !== 'GREATER_THAN') { open = `comparison operator ${operator ?? V.show(op)}${operator === 'EQUAL_TO' ? ' notifies only at an exact amount' : ''}`; continue; }
      const kind = index.field(e, 'Notification.NotificationType');
      kinds.push(kind.k === 'unknown' ? '?' : V.str(kind) ?? '?');
    }
    if (kinds.length === 0 && open !== undefined) return unknown(p, list, `a notification of the budget is decided at deploy time (${open})`);
    if (kinds.length === 0) return fail(p, list, 'budget without a notification on spend above its threshold (GREATER_THAN) to a subscriber: overspend goes unnoticed');
    return pass(p, kinds.join(', '), `budget notifies on ${kinds.join(', ').toLowerCase()} spend`);
  },
};
