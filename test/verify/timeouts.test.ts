/**
 * `cdk-golive verify` against an endpoint that accepts connections and never answers (a network black hole, a
 * proxy that swallows requests): the AWS SDK's own default is to wait for ever, and the command hung. Each call
 * now waits `requestTimeoutSeconds` (`--request-timeout`), the SDK retries it, and a call still without an
 * answer stops the run with one line (exit 2).
 */
import * as net from 'net';
import { GoLiveVerify } from '../../lib';
import { main } from '../../lib/cli/main';

jest.setTimeout(60_000);

const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL'];
let saved: Record<string, string | undefined>;
let server: net.Server;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  // Accepts every connection, reads the request, and never writes a byte.
  server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  for (const k of ENV) delete process.env[k];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'eu-west-1',
  });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

test('a call with no answer stops the run with one line, exit 2, in bounded time (the CLI\'s --request-timeout, GoLiveVerify\'s requestTimeoutSeconds)', async () => {
  const started = Date.now();
  let err = '';
  const code = await main(['verify', '--stack', 'Shop', '--request-timeout', '1'], () => undefined, (s) => (err += s));
  expect([code, err]).toEqual([2, 'cdk-golive: cloudformation DescribeStacks: no answer within 1 s, after 5 attempts (the network, a proxy, or AWS_ENDPOINT_URL)\n']);
  // Five attempts of 1 s and the SDK's back-off between them.
  expect(Date.now() - started).toBeLessThan(40_000);
});

test('a timeout that is not a number of seconds from 1 to 600 is refused, naming the prop or the flag', async () => {
  expect(() => new GoLiveVerify({ stacks: ['Shop'], requestTimeoutSeconds: 0 })).toThrow(/^GoLiveVerify: requestTimeoutSeconds must be between 1 and 600, got 0$/);
  expect(() => new GoLiveVerify({ stacks: ['Shop'], requestTimeoutSeconds: 601 })).toThrow(/requestTimeoutSeconds must be between 1 and 600/);
  let err = '';
  const code = await main(['verify', '--stack', 'Shop', '--request-timeout', '30s'], () => undefined, (s) => (err += s));
  expect([code, err]).toEqual([2, 'cdk-golive: --request-timeout takes a number of seconds from 1 to 600 (got 30s)\n']);
});
