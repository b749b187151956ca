/**
 * HEALTH-EXTERNAL-PROBE: a probe calls the service's host only when its text names that host itself, not a longer
 * host name that ends or starts with it (a substring match counted `myapi.example.com` as probing `api.example.com`).
 */
import { judgedOn } from './judged';
import { R, set } from './fixtures';

const script = (url: string) => `const { URL } = require('url'); const synthetics = require('Synthetics');\nexports.handler = async () => synthetics.executeHttpStep('health', new URL('${url}'));`;
const probing = (url: string) => judgedOn('ecs-service', [set(R('HealthCanary', 'Properties', 'Code', 'Script'), script(url))], 'ExternalHealthProbe', 'Service').map(([s]) => s);

test('a canary calling a longer host name does not probe the service', () => {
  for (const url of ['https://myapi.example.com/health', 'https://api.example.com.evil.net/health', 'https://status.api.example.com/health']) {
    expect([url, probing(url)]).toEqual([url, ['fail']]);
  }
});

test('the host itself, with a port, a path or a final dot, still probes it', () => {
  for (const url of ['https://api.example.com/health', 'https://api.example.com:443/health', 'https://api.example.com./health', 'https://API.example.com']) {
    expect([url, probing(url)]).toEqual([url, ['pass']]);
  }
});
