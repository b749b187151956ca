import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { DEPLOYMENT, STAGE, V2_STAGE, stageSettings } from './apigateway';

/**
 * EDGE-ACCESS-LOGS (API Gateway): every stage of a REST, HTTP or WebSocket
 * API writes access logs (a destination log group or Firehose stream).
 */
export const ApiGatewayAccessLogs: AwsRule = {
  id: 'ApiGatewayAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [STAGE, DEPLOYMENT, V2_STAGE],
  severity: Severity.MEDIUM,
  description: 'Every API Gateway stage (REST stages, deployments that create a stage, HTTP/WebSocket stages) writes access logs to a log group or Firehose stream.',
  fix: 'Set deployOptions.accessLogDestination (REST) or the stage accessLogSettings (HTTP API) to a LogGroupLogDestination with a JSON access log format.',
  check(res, { index }) {
    const settings = res.type === V2_STAGE ? { base: 'Properties', v: index.prop(res, '') } : stageSettings(index, res);
    if (!settings) return undefined; // a deployment that creates no stage
    const path = res.type === V2_STAGE ? 'AccessLogSettings.DestinationArn' : 'AccessLogSetting.DestinationArn';
    const p = `${settings.base}.${path}`;
    const dest = index.field(settings.v, path);
    if (dest.k === 'unknown') return unknown(p, dest, `access log destination decided at deploy time (${dest.why})`);
    if (dest.k === 'absent') return fail(p, dest, 'the stage writes no access logs: requests to the API leave no trace');
    return pass(p, dest, 'the stage writes access logs');
  },
};
