import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_MASTER_KEY } from './config.ts';

const bin = path.resolve(import.meta.dirname, '../bin/grassroots.mjs');

/** A real server process on the given database, as production runs it. */
export async function startServerProcess(opts: {
  databaseUrl: string;
  port: number;
  args?: string[];
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  let out = '';
  const proc = spawn(process.execPath, [bin, ...(opts.args ?? ['start'])], {
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(opts.port),
      LOG_LEVEL: 'warn',
      GRASSROOTS_MASTER_KEY: TEST_MASTER_KEY,
      DATA_DIR: opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'grassroots-proc-')),
      GRASSROOTS_TODAY: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      if (/Grassroots is running|worker running/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  proc.removeAllListeners('exit');
  return { proc, url: `http://127.0.0.1:${opts.port}`, output: () => out };
}

export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

export async function json(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}
