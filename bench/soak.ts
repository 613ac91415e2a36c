import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { BENCH_KEY, benchApp, freshDatabase, log } from './lib.ts';

/**
 * `npm run soak -- [--minutes 10]`: steady mixed load on loopback against a real server on
 * PostgreSQL: work lists, case detail, person search, and opening and accepting cases, at a fixed
 * rate. Passes when no request fails and the server's memory after warm-up grows by under 10%
 * (median of the last third of the samples against the median of the first third).
 */
const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, rate: { type: 'string', default: '60' } },
});
const minutes = Number(values.minutes);
const target = await freshDatabase('postgres', 'soak');
const setup = await benchApp(target);
await seedDemo(setup, { persons: 3000, seed: 2026 });
await setup.close();
const bin = path.resolve(import.meta.dirname, '../apps/server/bin/grassroots.mjs');
const server = spawn(process.execPath, [bin, 'start', '--with-worker'], {
  env: {
    ...process.env,
    DATA_DIR: target.dataDir,
    DATABASE_URL: target.url!,
    PORT: '3950',
    LOG_LEVEL: 'warn',
    GRASSROOTS_MASTER_KEY: BENCH_KEY,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) =>
  server.stdout!.on('data', (c: Buffer) => {
    if (String(c).includes('Grassroots is running')) resolve();
  }),
);
const base = 'http://127.0.0.1:3950';
const login = (await (
  await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: DEMO_PASSWORD }),
  })
).json()) as { token: string };
const headers = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
const person = (
  (await (await fetch(`${base}/api/v1/persons?name=%E7%8E%8B&limit=1`, { headers })).json()) as Array<{ id: string }>
)[0]!;

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
const samples: Array<{ at: number; rssMb: number }> = [];
const sampler = setInterval(() => samples.push({ at: Date.now(), rssMb: rss() }), 5000);
const result = await autocannon({
  url: base,
  connections: 8,
  overallRate: Number(values.rate),
  duration: minutes * 60,
  headers,
  requests: [
    { method: 'GET', path: '/api/v1/cases?list=department&limit=20' },
    { method: 'GET', path: '/api/v1/persons?name=%E7%8E%8B%E5%BB%BA&limit=20' },
    {
      method: 'POST',
      path: '/api/v1/cases',
      body: JSON.stringify({
        typeCode: 'service_application',
        title: '稳定性测试',
        subject: { type: 'person', id: person.id },
        fields: { item: '稳定性测试' },
      }),
      onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
        if (status === 201) ctx.caseId = JSON.parse(body).case.id;
      },
    },
    {
      method: 'POST',
      body: JSON.stringify({ expectedVersion: 1 }),
      setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => ({
        ...req,
        path: `/api/v1/cases/${ctx.caseId}/actions/accept`,
      }),
    },
    {
      method: 'GET',
      setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => ({
        ...req,
        path: `/api/v1/cases/${ctx.caseId}`,
      }),
    },
  ],
} as autocannon.Options);
clearInterval(sampler);
server.kill('SIGTERM');
// One sample is at the mercy of when V8 last collected: compare the medians of the first and last
// thirds of the warm window (after the first 20%). A leak raises the whole last third; a late
// collection does not.
const warm = samples
  .filter((s) => s.at >= samples[0]!.at + (samples[samples.length - 1]!.at - samples[0]!.at) * 0.2)
  .map((s) => s.rssMb);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const third = Math.max(1, Math.floor(warm.length / 3));
const start = median(warm.slice(0, third));
const end = median(warm.slice(-third));
const growth = (end - start) / start;
const summary = {
  minutes,
  requests: result.requests.total,
  rps: result.requests.average,
  p99: result.latency.p99,
  errors: result.errors,
  non2xx: result.non2xx,
  rssAfterWarmUpMb: +start.toFixed(1),
  rssEndMb: +end.toFixed(1),
  growth: +(growth * 100).toFixed(1),
};
log(`soak: ${JSON.stringify(summary)}`);
const ok = result.errors === 0 && result.non2xx === 0 && growth < 0.1;
console.log(ok ? 'soak passed' : 'soak FAILED');
process.exit(ok ? 0 : 1);
