/**
 * The README's "How a verdict is reached" table, checked against what the CLI
 * says about examples/verdicts/orders.yaml: every verdict and message quoted
 * there must be what the checks report.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';

test('the README table is what `cdk-golive check examples/verdicts` reports', async () => {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-verdicts-'));
  const code = await main(['check', __dirname, '--format', 'json', '--out', dir], (s) => out.push(s), () => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(code).toBe(1);
  const findings: { resource: string; status: string; message: string }[] = JSON.parse(out.join('')).findings;
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.split('## How a verdict is reached')[1].split('\n## ')[0];
  const rows = [...table.matchAll(/^\| `(\w+)`[^|]*\|[^|]*\| (pass|fail|unknown): `(.*)` \|$/gm)];
  expect(rows.length).toBe(6);
  for (const [, resource, status, message] of rows) {
    expect(findings.filter((f) => f.resource === resource && f.status === status).map((f) => f.message)).toContain(message);
  }
});
