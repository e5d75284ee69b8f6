/**
 * INVITE throughput of the development PBX: Kamailio asking the real profile server for each
 * call (credentials, caller ID, route), with bare UDP phones on both ends (test/support/rawSip:
 * the caller answers the digest challenge, the callee answers 200 at once, the caller ACKs and
 * hangs up with BYE through the PBX).
 *
 * Offers calls at increasing rates, each for a few seconds, and prints per rate what the callers
 * got: completed calls a second, a histogram of final statuses (`timeout` = no final answer
 * within 8 s) and setup times; then the rate at which errors start. Beyond the PBX's configured
 * rate (scripts/pbx/kamailio.ts DEFAULT_INVITE_RATE, two INVITEs a call) the answer should be
 * 503 with Retry-After, never 500 or silence.
 *
 *   node --import tsx bench/pbx-throughput.ts   (BENCH_RATES=25,50,100 BENCH_STEP_SECONDS=3
 *                                                BENCH_INVITE_RATE=n to override the PBX's limit)
 *
 * The profile server runs in this Node process (as in the integration tests), beside the load
 * generator: the figures are a floor for the PBX on its own.
 *
 * Prints figures; asserts nothing.
 */
import { DEFAULT_INVITE_RATE } from '../scripts/pbx/kamailio';
import { openRawSip, type Credentials, type RawSipEndpoint } from '../test/support/rawSip';
import { startSipHarness, type SipHarness } from '../test/support/sipHarness';

const RATES = (process.env.BENCH_RATES ?? '20,40,60,80,120,200')
  .split(',')
  .map(Number)
  .filter((rate) => rate > 0);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 3);
const INVITE_RATE = Number(process.env.BENCH_INVITE_RATE ?? DEFAULT_INVITE_RATE);
const CALLERS = 4;

interface StepResult {
  rate: number;
  offered: number;
  completed: number;
  seconds: number;
  statuses: Map<string, number>;
  setupsMs: number[];
}

async function credentialsOf(harness: SipHarness, user: string): Promise<Credentials> {
  const phone = await harness.phone(user);
  await phone.engine.stop();
  return {
    user: phone.credentials.userName,
    ha1: phone.credentials.ha1,
    domain: phone.credentials.domain,
  };
}

async function oneCall(
  caller: RawSipEndpoint,
  credentials: Credentials,
): Promise<{ status: string; setupMs: number }> {
  const startedAt = performance.now();
  try {
    const result = await caller.call('bob', credentials);
    const setupMs = performance.now() - startedAt;
    if (result.final.status === 200 && result.inDialog) {
      const bye = await result.inDialog('BYE');
      return { status: bye.status === 200 ? '200' : `200, BYE ${bye.status}`, setupMs };
    }
    const retry = result.final.header('Retry-After') ? ' + Retry-After' : '';
    return { status: `${result.final.status}${retry}`, setupMs };
  } catch {
    return { status: 'timeout', setupMs: performance.now() - startedAt };
  }
}

async function step(
  rate: number,
  callers: RawSipEndpoint[],
  credentials: Credentials,
): Promise<StepResult> {
  const total = Math.round(rate * STEP_SECONDS);
  const statuses = new Map<string, number>();
  const setupsMs: number[] = [];
  const calls: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let i = 0; i < total; i++) {
    const due = startedAt + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const caller = callers[i % callers.length];
    if (!caller) continue;
    calls.push(
      oneCall(caller, credentials).then(({ status, setupMs }) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === '200') setupsMs.push(setupMs);
      }),
    );
  }
  await Promise.all(calls);
  const seconds = (performance.now() - startedAt) / 1000;
  return { rate, offered: total, completed: statuses.get('200') ?? 0, seconds, statuses, setupsMs };
}

function percentile(samples: number[], q: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return value === undefined ? '-' : value.toFixed(0);
}

async function main(): Promise<void> {
  const harness = await startSipHarness({ maxInvitesPerSecond: INVITE_RATE });
  const endpoints: RawSipEndpoint[] = [];
  try {
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    const alice = await credentialsOf(harness, 'alice');
    const bob = await credentialsOf(harness, 'bob');
    const callee = await openRawSip(harness.pbx);
    endpoints.push(callee);
    callee.onInvite = (invite) => callee.reply(invite, 200, 'OK', [], 'v=0\r\n');
    const registered = await callee.register(bob);
    if (registered.status !== 200) throw new Error(`callee did not register: ${registered.status}`);
    const callers = await Promise.all(
      Array.from({ length: CALLERS }, () => openRawSip(harness.pbx)),
    );
    endpoints.push(...callers);

    console.log(
      `PBX limit: ${INVITE_RATE} INVITEs/s (= ${INVITE_RATE / 2} calls/s with the digest challenge); ${STEP_SECONDS} s per rate`,
    );
    console.log('offered/s  completed/s  setup p50/p90 ms  final statuses');
    let errorsFrom: number | null = null;
    for (const rate of RATES) {
      const result = await step(rate, callers, alice);
      const histogram = [...result.statuses.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ');
      console.log(
        `${String(rate).padStart(9)}  ${(result.completed / result.seconds).toFixed(1).padStart(11)}  ${`${percentile(result.setupsMs, 0.5)}/${percentile(result.setupsMs, 0.9)}`.padStart(16)}  ${histogram}`,
      );
      if (errorsFrom === null && result.completed < result.offered) errorsFrom = rate;
      // let the PBX drain (transactions, the profile server's queue) before the next rate
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    console.log(
      errorsFrom === null
        ? `No errors up to ${RATES.at(-1)} calls/s offered.`
        : `Errors start at ${errorsFrom} calls/s offered.`,
    );
    const log = harness.pbx.recentLog();
    const memoryTrouble = log
      .split('\n')
      .filter((line) => /no more (shm|pkg)|out of memory/i.test(line)).length;
    console.log(`Kamailio log lines about running out of memory: ${memoryTrouble}`);
  } finally {
    await Promise.all(endpoints.map((endpoint) => endpoint.close()));
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
