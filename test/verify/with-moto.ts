/**
 * Runs a command with `moto_server` beside it: starts the emulator the way the verify integration tests do
 * (`startMoto`: a free loopback port, the moto-cfn models on its PYTHONPATH, waited for), hands it to the
 * command as GOLIVE_MOTO_ENDPOINT, stops it when the command ends, and exits with the command's code.
 *
 *   ts-node test/verify/with-moto.ts npm test      (what .ci/run does)
 */
import { spawn } from 'child_process';
import { startMoto } from './moto';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) throw new Error('with-moto: give the command to run');
  delete process.env.GOLIVE_MOTO_ENDPOINT; // start one, never reuse an outer one
  const moto = await startMoto();
  try {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env, GOLIVE_MOTO_ENDPOINT: moto.endpoint } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return await new Promise<number>((resolve) => {
      child.once('error', (e) => {
        process.stderr.write(`with-moto: ${argv[0]}: ${e.message}\n`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    await moto.stop();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`with-moto: ${(e as Error).message}\n`);
  process.exit(1);
});
