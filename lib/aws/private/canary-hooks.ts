/**
 * The inline Node.js code of the health-check hooks a `CanaryDeployment`
 * deploys. Kept short: CloudFormation takes inline code up to 4096 characters.
 * Both use the AWS SDK v3 that the Node.js Lambda runtimes include.
 *
 * Not exported from the package.
 */

/**
 * CodeDeploy BeforeAllowTraffic / AfterAllowTraffic hook of a Lambda canary.
 *
 * It invokes the version being deployed (`TARGET_VERSION_ARN`, synchronously) with a
 * synthetic `GET <HEALTH_CHECK_PATH>` request in the event shape of `EVENT_FORMAT`
 * (HTTP_API_V2: function URL / HTTP API payload 2.0; REST_API: API Gateway REST /
 * payload 1.0; ALB: load balancer target), and reports `Succeeded` to CodeDeploy when
 * the version returns without a function error and answers a 2xx `statusCode`
 * (HTTP_API_V2 also accepts a response without `statusCode`, which function URLs
 * turn into a 200). Three attempts, 2 and 4 s apart, absorb a cold start. Anything
 * else reports `Failed`, and CodeDeploy rolls back. If reporting itself fails the
 * function throws, so Lambda retries the (asynchronous) invocation.
 * @internal
 */
export const LAMBDA_HEALTH_HOOK_CODE = `
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');
const lambda = new LambdaClient({});
const codedeploy = new CodeDeployClient({});
const TARGET = process.env.TARGET_VERSION_ARN;
const PATH = process.env.HEALTH_CHECK_PATH;
const FORMAT = process.env.EVENT_FORMAT;
const UA = 'cdk-golive-canary-hook';

function request() {
  const headers = { 'user-agent': UA, accept: 'application/json', host: 'canary.hook' };
  if (FORMAT === 'ALB') {
    return { requestContext: { elb: { targetGroupArn: 'canary-hook' } }, httpMethod: 'GET', path: PATH,
      queryStringParameters: {}, headers, body: '', isBase64Encoded: false };
  }
  if (FORMAT === 'REST_API') {
    return { resource: PATH, path: PATH, httpMethod: 'GET', headers, multiValueHeaders: {}, queryStringParameters: null,
      pathParameters: null, stageVariables: null, body: null, isBase64Encoded: false,
      requestContext: { resourcePath: PATH, httpMethod: 'GET', path: PATH, stage: 'canary', requestId: 'canary-hook',
        identity: { sourceIp: '127.0.0.1', userAgent: UA } } };
  }
  return { version: '2.0', routeKey: '$default', rawPath: PATH, rawQueryString: '', headers, isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: PATH, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: UA },
      requestId: 'canary-hook', routeKey: '$default', stage: '$default', timeEpoch: Date.now() } };
}

async function check() {
  const res = await lambda.send(new InvokeCommand({ FunctionName: TARGET, InvocationType: 'RequestResponse',
    Payload: Buffer.from(JSON.stringify(request())) }));
  const text = res.Payload ? Buffer.from(res.Payload).toString('utf8') : '';
  if (res.FunctionError) throw new Error('function error ' + res.FunctionError + ': ' + text.slice(0, 300));
  let body;
  try { body = JSON.parse(text); } catch (e) { body = text; }
  const code = body && typeof body === 'object' && body.statusCode !== undefined ? Number(body.statusCode)
    : (FORMAT === 'HTTP_API_V2' ? 200 : NaN);
  if (!(code >= 200 && code < 300)) throw new Error('GET ' + PATH + ' answered ' + code);
  return code;
}

exports.handler = async (event) => {
  let status = 'Failed';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const code = await check();
      console.log(JSON.stringify({ level: 'INFO', message: 'health check passed', target: TARGET, path: PATH, code, attempt }));
      status = 'Succeeded';
      break;
    } catch (e) {
      console.log(JSON.stringify({ level: 'WARN', message: 'health check failed', target: TARGET, path: PATH, attempt, error: String(e && e.message || e) }));
      if (attempt < 3) await new Promise((r) => setTimeout(r, 2000 * attempt));
    }
  }
  await codedeploy.send(new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: event.DeploymentId, lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId, status }));
  return status;
};
`;

/**
 * ECS lifecycle hook (POST_TEST_TRAFFIC_SHIFT) of a native ECS canary.
 *
 * It reads the revision being deployed (`DescribeServiceRevisions` on
 * `targetServiceRevisionArn`), lists the service's running tasks of that
 * revision's task definition, and asks the load balancer for the health of each
 * task's IP in the canary's target groups (`TARGET_GROUP_ARNS`), whose health
 * check requests the health-check path. It answers SUCCEEDED when every new task
 * is `healthy`, FAILED as soon as one is `unhealthy` (ECS then rolls back), and
 * IN_PROGRESS (called again in 15 s) while tasks are starting or still in
 * `initial`; after `MAX_ATTEMPTS` calls it answers FAILED.
 * @internal
 */
export const ECS_HEALTH_HOOK_CODE = `
const { ECSClient, DescribeServiceRevisionsCommand, ListTasksCommand, DescribeTasksCommand } = require('@aws-sdk/client-ecs');
const { ElasticLoadBalancingV2Client, DescribeTargetHealthCommand } = require('@aws-sdk/client-elastic-load-balancing-v2');
const ecs = new ECSClient({});
const elb = new ElasticLoadBalancingV2Client({});
const GROUPS = process.env.TARGET_GROUP_ARNS.split(',');
const MAX = Number(process.env.MAX_ATTEMPTS);
const log = (level, message, extra) => console.log(JSON.stringify({ level, message, ...extra }));

exports.handler = async (event) => {
  const d = event.executionDetails || event;
  const attempt = Number((event.hookDetails && event.hookDetails.attempt) || 0) + 1;
  const wait = (why) => {
    log('INFO', 'new revision not healthy yet', { why, attempt });
    return attempt >= MAX ? { hookStatus: 'FAILED' } : { hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { attempt: String(attempt) } };
  };
  try {
    const rev = (await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevisionArn] }))).serviceRevisions[0];
    const cluster = rev.clusterArn;
    const serviceName = rev.serviceArn.split('/').pop();
    const arns = [];
    let nextToken;
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', nextToken }));
      arns.push(...(page.taskArns || []));
      nextToken = page.nextToken;
    } while (nextToken);
    const tasks = [];
    for (let i = 0; i < arns.length; i += 100) {
      tasks.push(...((await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }))).tasks || []));
    }
    const ips = tasks.filter((t) => t.taskDefinitionArn === rev.taskDefinition && t.lastStatus === 'RUNNING')
      .flatMap((t) => (t.attachments || []).flatMap((a) => (a.details || []).filter((x) => x.name === 'privateIPv4Address').map((x) => x.value)));
    if (ips.length === 0) return wait('no running task of the new revision');
    const state = new Map();
    for (const tg of GROUPS) {
      const res = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
      for (const h of res.TargetHealthDescriptions || []) state.set(h.Target.Id, h.TargetHealth.State);
    }
    const unhealthy = ips.filter((ip) => state.get(ip) === 'unhealthy');
    if (unhealthy.length > 0) {
      log('ERROR', 'new tasks fail the health check', { unhealthy });
      return { hookStatus: 'FAILED' };
    }
    const pending = ips.filter((ip) => state.get(ip) !== 'healthy');
    if (pending.length > 0) return wait(pending.length + ' of ' + ips.length + ' new task(s) not healthy yet');
    log('INFO', 'every new task passes the health check', { tasks: ips.length });
    return { hookStatus: 'SUCCEEDED' };
  } catch (e) {
    return wait(String(e && e.message || e));
  }
};
`;
