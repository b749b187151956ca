import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

/**
 * Starts `moto_server` (moto 5.2.1, on PATH) on a free loopback port for the
 * verify integration tests, waits until it answers, and stops it afterwards.
 * Without moto_server on PATH the suite fails with one line saying so.
 */
export interface Moto {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** POST to moto's own API (reset). */
function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 500);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The emulator for the verify integration tests: the one `.ci/run` started (`GOLIVE_MOTO_ENDPOINT`), reset to an
 * empty account, or else one started here on a free loopback port (a plain `npm test`).
 */
export async function startMoto(): Promise<Moto> {
  const shared = process.env.GOLIVE_MOTO_ENDPOINT;
  if (shared) {
    if (!(await answers(`${shared}/moto-api/`))) throw new Error(`GOLIVE_MOTO_ENDPOINT=${shared}: moto_server does not answer`);
    const status = await post(`${shared}/moto-api/reset`);
    if (status >= 300) throw new Error(`GOLIVE_MOTO_ENDPOINT=${shared}: reset answered ${status}`);
    return { endpoint: shared, stop: async () => { await post(`${shared}/moto-api/reset`); } };
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // ACM "validates" requested certificates at once; moto-cfn/sitecustomize.py adds the CloudFormation models of
  // alarms and secrets (moto serves their APIs); everything else is moto as installed.
  const pythonPath = [path.join(__dirname, 'moto-cfn'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: '0', PYTHONPATH: pythonPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-2000)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', (e) => resolve(e)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([spawnError, exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 250))]);
    if (early instanceof Error) {
      throw new Error((early as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'moto_server is not on PATH: the verify integration tests need moto 5.2.1 (pip install "moto[server]==5.2.1")'
        : `moto_server could not start: ${early.message}`);
    }
    if (early !== 'wait') throw new Error(`moto_server exited (${early}) before answering: ${stderr.split('\n').filter(Boolean).pop() ?? ''}`);
    if (await answers(`${endpoint}/moto-api/`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 60 s`);
    }
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
