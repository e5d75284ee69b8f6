/**
 * Child process of bench/memory.ts: the client's main-process services (composeClient, as the
 * integration tests start them: no Electron, the SIP engine with the SDP-only media stand-in)
 * signed in as one user, so their RSS and CPU are measured apart from the profile server and
 * the PBX. Driven over the fork IPC channel; prints nothing.
 */
import { createHook } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startClient } from '../../test/support/clients';

setFlagsFromString('--expose-gc');

/** Timer census: every Timeout made, with where it was made, to list what is alive when idle. */
interface NodeTimeout {
  _idleTimeout: number;
  _repeat: number | null;
  _destroyed: boolean;
}
const timeouts = new Map<NodeTimeout, string>();
createHook({
  init(_id, type, _trigger, resource) {
    if (type !== 'Timeout') return;
    const frames = (new Error().stack ?? '').split('\n').slice(2).filter((line) => !line.includes('node:') && !line.includes('node_modules/tsx'));
    timeouts.set(resource as NodeTimeout, frames[0]?.trim().replace(/^at /, '') ?? 'unknown');
  },
}).enable();

function liveTimers(): string[] {
  const live: string[] = [];
  for (const [timer, where] of timeouts) {
    if (timer._destroyed) timeouts.delete(timer);
    else live.push(`${timer._repeat ? `every ${timer._repeat} ms` : `once in ${timer._idleTimeout} ms`} (${where.replace(/\(?file:\/\/[^)]*\/(src|test|node_modules)\//, '$1/').replace(/\)$/, '')})`);
  }
  return live;
}
const gc = runInNewContext('gc') as () => void;

interface Setup {
  serverUrl: string;
  pbxUrl: string;
  userName: string;
  password: string;
}

type Request = { kind: 'calls'; target: string; count: number } | { kind: 'measure'; idleMs: number } | { kind: 'stop' };

const setup = JSON.parse(process.env.BENCH_CLIENT ?? '{}') as Setup;
const client = await startClient({ pbxUrl: setup.pbxUrl });
await client.service.invoke('session.signIn', { serverUrl: setup.serverUrl, userName: setup.userName, password: setup.password });
await client.until('registration', (r) => r.status === 'registered', 'registered');

const send = (message: unknown) => process.send?.(message);
send({ kind: 'ready' });

process.on('message', (raw) => {
  void handle(raw as Request).catch((error: unknown) => send({ kind: 'error', message: String(error) }));
});

async function handle(request: Request): Promise<void> {
  if (request.kind === 'calls') {
    for (let i = 0; i < request.count; i++) {
      const { callId } = await client.service.invoke('calls.dial', { target: request.target });
      await client.until('calls', (calls) => calls.some((c) => c.id === callId && c.state === 'active'), 'call connected');
      await client.service.invoke('calls.hangUp', { callId });
      await client.until('calls', (calls) => !calls.some((c) => c.id === callId), 'call ended');
    }
    send({ kind: 'done' });
  } else if (request.kind === 'measure') {
    gc();
    const before = process.cpuUsage();
    const startedAt = performance.now();
    await new Promise((wake) => setTimeout(wake, request.idleMs));
    const cpu = process.cpuUsage(before);
    const seconds = (performance.now() - startedAt) / 1000;
    gc();
    const memory = process.memoryUsage();
    send({
      kind: 'measured',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / seconds,
      resources: process.getActiveResourcesInfo(),
      timers: liveTimers(),
    });
  } else {
    await client.stop();
    process.exit(0);
  }
}
