/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { isFatal } from '../clients';
import { ago, eachResource, fail, literal, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, props, stackAsResource, toDate, unknown, VerifyContext } from '../context';
import { ecsService } from '../describe';

const GOOD_STACK = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']);

/** The live deployment group of a CodeDeploy resource. */
async function deploymentGroup(ctx: VerifyContext, r: LiveResource): Promise<any> {
  return ctx.memo(`codedeploy:${r.stack.arn}:${r.logicalId}`, async () => {
    const app = literal(ctx, r.stack, props(r).ApplicationName);
    if (!app) return { error: 'its ApplicationName is not a literal or an application of the stack' };
    const res = await ctx.clients.send('codedeploy', 'GetDeploymentGroup', { applicationName: app, deploymentGroupName: r.physicalId });
    return { group: res.deploymentGroupInfo };
  });
}

/** The most recent ECS service deployment (ListServiceDeployments), or the PRIMARY deployment's rollout state. */
async function lastEcsDeployment(ctx: VerifyContext, svc: any): Promise<{ status: string; detail: string; at?: Date }> {
  let listed: any[] = [];
  try {
    listed = (await ctx.clients.send('ecs', 'ListServiceDeployments', { service: svc.serviceArn, cluster: svc.clusterArn, maxResults: 20 })).serviceDeployments ?? [];
  } catch (e) {
    if (isFatal(e)) throw e; // otherwise the PRIMARY deployment's rollout state below still tells
  }
  const latest = listed.sort((a: any, b: any) => (toDate(b.createdAt)?.getTime() ?? 0) - (toDate(a.createdAt)?.getTime() ?? 0))[0];
  if (latest) return { status: latest.status, detail: `${latest.status}${latest.statusReason ? ': ' + latest.statusReason : ''}`, at: toDate(latest.finishedAt) ?? toDate(latest.createdAt) };
  const primary = (svc.deployments ?? []).find((d: any) => d.status === 'PRIMARY');
  if (!primary) return { status: 'NONE', detail: 'no deployment' };
  const state = primary.rolloutState ?? 'UNKNOWN';
  const rolledBack = /roll(ing|ed)? ?back|circuit breaker/i.test(String(primary.rolloutStateReason ?? ''));
  return { status: state === 'COMPLETED' ? (rolledBack ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL') : state === 'FAILED' ? 'FAILED' : 'IN_PROGRESS', detail: `${state}${primary.rolloutStateReason ? ': ' + primary.rolloutStateReason : ''}`, at: toDate(primary.updatedAt) };
}

/** LIVE-DEPLOYMENT-SUCCEEDED. @internal */
export const LiveDeploymentSucceeded: LiveVerifier = {
  id: 'LiveDeploymentSucceeded',
  items: ['LIVE-DEPLOYMENT-SUCCEEDED'],
  severity: Severity.CRITICAL,
  description: 'The stack\'s last update completed without rollback, every ECS service runs its desired count after a successful deployment, and every CodeDeploy group\'s last deployment succeeded.',
  fix: 'Read the stack events, the ECS service events or the CodeDeploy deployment for the failure; fix it and deploy again.',
  async verify(ctx) {
    const out: LiveVerdict[] = ctx.stacks.map((s) => {
      const r = stackAsResource(s);
      const value = `${s.status}${s.statusReason ? ': ' + s.statusReason : ''}`;
      if (GOOD_STACK.has(s.status)) return pass(r, `stack ${s.name} is ${s.status}`, value, 'StackStatus');
      if (/IN_PROGRESS$/.test(s.status)) return unknown(r, `stack ${s.name} is ${s.status}: a deployment is running`, value, 'StackStatus');
      return fail(r, `stack ${s.name} is ${s.status}: its last deployment ${/ROLLBACK/.test(s.status) ? 'rolled back' : 'failed'}`, value, 'StackStatus');
    });
    out.push(...await eachResource(ofType(ctx, 'AWS::ECS::Service'), async (r) => {
      const svc = await ecsService(ctx, r);
      if (!svc || svc.status === 'INACTIVE') return fail(r, 'the ECS service does not exist');
      const counts = `running ${svc.runningCount} of desired ${svc.desiredCount}`;
      if (svc.runningCount !== svc.desiredCount) return fail(r, `the service runs ${svc.runningCount} task(s), not the desired ${svc.desiredCount}`, counts, 'runningCount');
      const last = await lastEcsDeployment(ctx, svc);
      const value = `${counts}; last deployment ${last.detail}${last.at ? ` (${ago(ctx, last.at)})` : ''}`;
      if (last.status === 'SUCCESSFUL') return pass(r, 'the last service deployment succeeded and every task runs', value, 'deployments');
      if (['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(last.status)) return unknown(r, `a service deployment is ${last.status}`, value, 'deployments');
      return fail(r, `the last service deployment did not succeed: ${last.detail}`, value, 'deployments');
    }));
    out.push(...await eachResource(ofType(ctx, 'AWS::CodeDeploy::DeploymentGroup'), async (r) => {
      const { group, error } = await deploymentGroup(ctx, r);
      if (error) return unknown(r, `the deployment group cannot be read: ${error}`);
      const last = group.lastAttemptedDeployment;
      if (!last?.deploymentId) return unknown(r, 'the deployment group has had no deployment yet', 'none', 'lastAttemptedDeployment');
      const value = `${last.deploymentId} ${last.status}${last.endTime ? ` (${ago(ctx, toDate(last.endTime)!)})` : ''}`;
      if (last.status === 'Succeeded') return pass(r, `the last deployment ${last.deploymentId} succeeded`, value, 'lastAttemptedDeployment');
      if (['Failed', 'Stopped'].includes(last.status)) return fail(r, `the last deployment ${last.deploymentId} ${last.status.toLowerCase()} (rolled back)`, value, 'lastAttemptedDeployment');
      return unknown(r, `the last deployment ${last.deploymentId} is ${last.status}`, value, 'lastAttemptedDeployment');
    }));
    return out;
  },
};

/** LIVE-ROLLBACK-ARMED. @internal */
export const LiveRollbackArmed: LiveVerifier = {
  id: 'LiveRollbackArmed',
  items: ['LIVE-ROLLBACK-ARMED'],
  severity: Severity.HIGH,
  description: 'Every live CodeDeploy deployment group rolls back on failure and on alarm, with enabled alarms; every ECS service has the circuit breaker with rollback.',
  fix: 'Set autoRollbackConfiguration (DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM) and alarmConfiguration on the group; deploymentCircuitBreaker { enable, rollback } on the service.',
  async verify(ctx) {
    const out = await eachResource(ofType(ctx, 'AWS::CodeDeploy::DeploymentGroup'), async (r) => {
      const { group, error } = await deploymentGroup(ctx, r);
      if (error) return unknown(r, `the deployment group cannot be read: ${error}`);
      const rb = group.autoRollbackConfiguration ?? {};
      const alarms = group.alarmConfiguration ?? {};
      const events: string[] = rb.events ?? [];
      const value = `autoRollback ${rb.enabled ? events.join('+') || 'on' : 'off'}; alarms ${alarms.enabled ? (alarms.alarms ?? []).length : 'off'}`;
      const missing = [
        rb.enabled ? '' : 'auto-rollback is off',
        events.includes('DEPLOYMENT_FAILURE') ? '' : 'no rollback on DEPLOYMENT_FAILURE',
        events.includes('DEPLOYMENT_STOP_ON_ALARM') ? '' : 'no rollback on DEPLOYMENT_STOP_ON_ALARM',
        alarms.enabled && (alarms.alarms ?? []).length > 0 ? '' : 'no enabled alarm on the group',
      ].filter(Boolean);
      return missing.length === 0
        ? pass(r, `the deployment group rolls back on failure and on ${(alarms.alarms ?? []).length} alarm(s)`, value, 'autoRollbackConfiguration')
        : fail(r, `the live deployment group does not roll back on alarm: ${missing.join(', ')}`, value, 'autoRollbackConfiguration');
    });
    out.push(...await eachResource(ofType(ctx, 'AWS::ECS::Service'), async (r) => {
      const svc = await ecsService(ctx, r);
      if (!svc || svc.status === 'INACTIVE') return fail(r, 'the ECS service does not exist');
      const controller = svc.deploymentController?.type ?? 'ECS';
      if (controller !== 'ECS') return undefined; // CODE_DEPLOY services are judged on their deployment group
      const cb = svc.deploymentConfiguration?.deploymentCircuitBreaker ?? {};
      const al = svc.deploymentConfiguration?.alarms;
      const value = `circuit breaker ${cb.enable ? (cb.rollback ? 'with rollback' : 'without rollback') : 'off'}; alarms ${al ? `${(al.alarmNames ?? []).length}${al.enable ? '' : ' disabled'}${al.rollback ? ' with rollback' : ''}` : 'none'}`;
      if (!cb.enable || !cb.rollback) return fail(r, 'the service\'s deployment circuit breaker does not roll back', value, 'deploymentCircuitBreaker');
      if (al && (al.alarmNames ?? []).length > 0 && (!al.enable || !al.rollback)) return fail(r, 'the service\'s deployment alarms are set but do not roll back', value, 'deploymentConfiguration.alarms');
      return pass(r, 'the service rolls back a failing deployment', value, 'deploymentCircuitBreaker');
    }));
    return out;
  },
};
