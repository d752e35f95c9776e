import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../support/source.js';

export type Up = { child: ChildProcess; url: string; stderr: () => string };

/**
 * Starts `mcpshield up` from the sources and waits for the URL it prints. The database, SMTP and secret
 * variables of the test's environment are dropped; `extraEnv` sets what the test wants.
 */
export function up(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Up> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['MCPSHIELD_DATABASE_URL', 'MCPSHIELD_SMTP_URL', 'MCPSHIELD_JWT_SECRET'])
    delete env[name];
  Object.assign(env, extraEnv);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'up', '--port', '0', '--data-dir', dataDir],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /mcpshield up: listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`mcpshield up exited (${code}): ${stderr}`)));
  });
}

/** Sends SIGTERM and resolves with the exit code. */
export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
