import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { Val } from '../../template-index';
import { DEPLOYMENT, STAGE, V2_API, V2_STAGE, quickCreate, stageSettings } from './apigateway';

/**
 * EDGE-ACCESS-LOGS (API Gateway): every stage of a REST, HTTP or WebSocket
 * API writes access logs (a destination log group or Firehose stream). The
 * `$default` stage an HTTP API's quick create (`Target`) deploys is judged on
 * the API: it writes none unless an `ApiGatewayManagedOverrides` sets its
 * Stage.AccessLogSettings.
 */
export const ApiGatewayAccessLogs: AwsRule = {
  id: 'ApiGatewayAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [STAGE, DEPLOYMENT, V2_STAGE, V2_API],
  severity: Severity.MEDIUM,
  description: 'Every API Gateway stage (REST stages, deployments that create a stage, HTTP/WebSocket stages, the $default stage of an HTTP API quick create) writes access logs to a log group or Firehose stream.',
  fix: 'Set deployOptions.accessLogDestination (REST) or the stage accessLogSettings (HTTP API) to a LogGroupLogDestination with a JSON access log format.',
  check(res, { index }) {
    let settings: { base: string; v: Val } | undefined;
    if (res.type === V2_API) {
      const quick = quickCreate(index, res);
      if (!quick) return undefined;
      if (!quick.overrides) return fail('Properties.Target', index.prop(res, 'Target'), 'quick create (Target) deploys a $default stage that writes no access logs: requests to the API leave no trace; set Stage.AccessLogSettings in an AWS::ApiGatewayV2::ApiGatewayManagedOverrides, or declare the stage yourself instead of Target');
      settings = { base: `${quick.overrides.logicalId}.Properties.Stage`, v: index.prop(quick.overrides, 'Stage') };
    } else {
      settings = res.type === V2_STAGE ? { base: 'Properties', v: index.prop(res, '') } : stageSettings(index, res);
    }
    if (!settings) return undefined; // a deployment that creates no stage
    const path = res.type !== STAGE && res.type !== DEPLOYMENT ? 'AccessLogSettings.DestinationArn' : 'AccessLogSetting.DestinationArn';
    const p = `${settings.base}.${path}`;
    const dest = index.field(settings.v, path);
    if (dest.k === 'unknown') return unknown(p, dest, `access log destination decided at deploy time (${dest.why})`);
    if (dest.k === 'absent') return fail(p, dest, 'the stage writes no access logs: requests to the API leave no trace');
    return pass(p, dest, 'the stage writes access logs');
  },
};
