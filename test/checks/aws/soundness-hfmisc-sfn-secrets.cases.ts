/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts of the hfmisc round: SecretsNoPlaintext read only the requests of Step Functions HTTP tasks
 * (`http:invoke`, `apigateway:invoke`). A literal secret in the payload of another task (a Lambda invocation's
 * Payload, a child execution's Input, an SQS MessageBody, an SNS Message, EventBridge Entries, or the Parameters of
 * a task whose Resource is a function's ARN) is written into the definition just the same, which anyone allowed
 * states:DescribeStateMachine reads: it passed (no finding; the item satisfied by the clean function beside it).
 */
import { checks, judged } from './judged';

type F = Array<[string, string, string]>;
const on = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const fnClean = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: { STAGE: 'prod' } } } };
const sm = (task: Record<string, any>) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', Definition: { StartAt: 'T', States: { T: { Type: 'Task', End: true, ...task } } } } });

describe('SecretsNoPlaintext: payloads of Step Functions tasks other than HTTP', () => {
  test('a literal password in a lambda:invoke Payload: fail, item violated (before: no finding, item satisfied)', () => {
    const resources = { Fn: fnClean, Sm: sm({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:f', Payload: { db_password: 'hunter2hunter2' } } }) };
    const f = judged('SecretsNoPlaintext', resources);
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/state machine Sm task lambda:invoke: db_password \(a secret-looking name with a literal value\)/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
  });

  test.each([
    ['states:startExecution.sync:2', { StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:c', Input: { api_key: 'hunter2hunter2' } }, /task states:startExecution: api_key/],
    ['sqs:sendMessage', { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', MessageBody: { note: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' } }, /task sqs:sendMessage: note \(the value holds a GitHub/],
    ['sns:publish', { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Message: { client_secret: 'abcdefgh12345678' } }, /task sns:publish: client_secret/],
    ['events:putEvents', { Entries: [{ Source: 's', DetailType: 'd', Detail: { token: 'hunter2hunter2' } }] }, /task events:putEvents: token/],
    ['lambda:invoke.waitForTaskToken', { FunctionName: 'f', 'Payload.$': "States.Format('{}', 'sk_live_abcdefghijklmnopqrstuvwx')" }, /task lambda:invoke: Payload \(a Stripe secret key written in the expression\)/],
  ])('%s with a literal secret in its payload: fail (before: no finding)', (action, params, msg) => {
    const f = judged('SecretsNoPlaintext', { Sm: sm({ Resource: `arn:aws:states:::${action}`, Parameters: params }) });
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(msg);
  });

  test('a task whose Resource is a function ARN (written, or !GetAtt of a function in DefinitionSubstitutions): its Parameters are the payload', () => {
    expect(on(judged('SecretsNoPlaintext', { Sm: sm({ Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:f', Parameters: { password: 'hunter2hunter2' } }) }), 'Sm')).toEqual(['fail']);
    const def = JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', End: true, Resource: '${FnArn}', Parameters: { password: 'hunter2hunter2' } } } });
    const f = judged('SecretsNoPlaintext', { Fn: fnClean, Sm: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', DefinitionString: def, DefinitionSubstitutions: { FnArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } } });
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/task Lambda function: password/);
  });

  test('payloads read from the input or the task token, and plain fields, pass', () => {
    const f = judged('SecretsNoPlaintext', { Sm: sm({ Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f', Payload: { 'taskToken.$': '$$.Task.Token', 'password.$': '$.password', stage: 'prod' } } }) });
    expect(on(f, 'Sm')).toEqual(['pass']);
  });
});
