/**
 * Fuzz test over every route the server serves (enumerated from Fastify, requests from
 * test/support/routeTable.ts): hostile variations of each valid request (test/support/fuzzRequests.ts)
 * sent by company A's user and admin (the PBX's secret for /pbx/v1, nobody for public routes).
 * No answer may be a 5xx or carry stack text, and every 4xx must leave every table row for row
 * as it was. Bounded: a fixed seed (FUZZ_SEED overrides) and RUNS variations per route and caller.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileRequest, type FuzzRequest } from '../../support/fuzzRequests';
import { companyAFixture, SIGNED_IN, STACK_TEXT, watchDatabase, type CallerName, type DatabaseWatch, type RouteFixture } from '../../support/routeFixture';
import { routeCaseOf, type RouteCase } from '../../support/routeTable';
import { settleCsvJobs } from '../../../src/server/services/csv-jobs';
import { startTestServer, type TestServer } from '../../support/server';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

/** Who fuzzes a route: its own kind of caller. */
function fuzzersOf(route: RouteCase): CallerName[] {
  if (route.access === 'pbx') return ['pbx'];
  if (route.access === 'public') return ['anonymous'];
  return ['userA', 'adminA'];
}

interface Answer {
  status: number;
  text: string;
}

describe('profile server: fuzzing every route', () => {
  let server: TestServer;
  let fx: RouteFixture;
  let db: DatabaseWatch;
  const errorLines: string[] = [];
  let address = 0;

  beforeAll(async () => {
    server = await startTestServer({
      overrides: {
        logStream: {
          write: (line) => {
            if ((JSON.parse(line) as { level: number }).level >= 50) errorLines.push(line);
          },
        },
      },
    });
    fx = await companyAFixture(server);
    db = await watchDatabase(server);
  });
  afterAll(async () => {
    db.close();
    await server.stop();
  });

  /**
   * Sends a request as is (fetch would fix up what we break). Public routes' requests come from
   * ever other loopback addresses, so the per-address rate limits do not turn them all into 429s.
   */
  const send = (method: string, request: FuzzRequest, headers: Record<string, string>, pbx: boolean): Promise<Answer> =>
    new Promise((resolve) => {
      const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      const url = new URL(server.url);
      address = (address % 250) + 1;
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method,
          path: request.path,
          localAddress: pbx ? '127.0.0.1' : `127.0.0.${address + 1}`,
          agent: false,
          headers: {
            ...headers,
            ...(request.contentType !== undefined ? { 'content-type': request.contentType } : {}),
            ...(body ? { 'content-length': String(body.byteLength) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', (error) => resolve({ status: 0, text: `the connection broke mid-answer (${response.statusCode}): ${error.message}` }));
        },
      );
      outgoing.on('error', (error) => resolve({ status: 0, text: `no answer: ${error.message}` }));
      // A request the server never answers is a finding, not a reason to hang the suite.
      outgoing.setTimeout(20_000, () => outgoing.destroy(new Error('no answer in 20 s')));
      outgoing.end(body);
    });

  /**
   * A started job (the CSV submit answers 202 and commits afterwards) is followed until it ends,
   * so that its writes are not counted against the next request.
   */
  const jobEnded = async (answer: Answer, headers: Record<string, string>): Promise<void> => {
    let job = JSON.parse(answer.text) as { jobId?: string; state?: string };
    while (job.jobId && job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const polled = await send('GET', { path: `/api/v1/admin/users/csv/jobs/${job.jobId}`, how: 'job' }, headers, false);
      job = polled.status === 200 ? (JSON.parse(polled.text) as typeof job) : {};
    }
  };

  it('no 5xx, no stack text, and every 4xx leaves the database unchanged', async () => {
    const problems: string[] = [];
    let sent = 0;
    const stats = new Map<string, number>();
    // Routes that take input: a body (any but GET), path parameters or a query.
    const takesInput = (r: { method: string; validates: Record<string, boolean> }): boolean => r.method !== 'GET' || Object.values(r.validates).some(Boolean);
    const routes = server.server.routes.filter((r) => r.method !== 'HEAD' && r.url !== '/api/v1/ws' && takesInput(r));
    for (const fuzzer of ['anonymous', 'pbx', 'userA', 'adminA'] as const) {
      for (const [index, { method, url }] of routes.entries()) {
        const route = routeCaseOf(method, url);
        if (!route || !fuzzersOf(route).includes(fuzzer)) continue;
        // One seed per route, so that routes do not all get the same kinds of variation.
        const variations = fc.sample(hostileRequest(url, route.request(fx), route.longPoll), { seed: SEED + index, numRuns: RUNS });
        for (const variation of variations) {
          const userName = SIGNED_IN[fuzzer];
          const token = route.endsSession && userName ? await server.signIn(userName) : undefined;
          // a CSV submit an allowed caller started finishes first (its job writes in the background)
          await settleCsvJobs(server.server.ctx);
          await db.changes();
          const errorsBefore = errorLines.length;
          const started = performance.now();
          const answer = await send(method, variation, fx.headersOf(fuzzer, token), fuzzer === 'pbx');
          if (process.env.FUZZ_SLOW && performance.now() - started > 1000) console.log(`slow ${Math.round(performance.now() - started)} ms: ${method} ${url} ${variation.how}`);
          sent += 1;
          if (answer.status === 202) await jobEnded(answer, fx.headersOf(fuzzer, token));
          if (process.env.FUZZ_STATS) stats.set(`${fuzzer} ${method} ${url} ${answer.status}`, (stats.get(`${fuzzer} ${method} ${url} ${answer.status}`) ?? 0) + 1);
          const where = `${method} ${url} as ${fuzzer}, ${variation.how} (${variation.path.slice(0, 120)}; body ${String(variation.body ?? '').slice(0, 120)})`;
          if (answer.status === 0) problems.push(`${where}: ${answer.text}`);
          if (answer.status >= 500) {
            problems.push(`${where}: ${answer.status} ${answer.text.slice(0, 200)}; logged: ${errorLines.slice(errorsBefore).join(' | ').slice(0, 600) || 'nothing'}`);
          }
          const changed = await db.changes(route.refusalWrites);
          if (answer.status >= 400 && answer.status < 500) {
            if (changed.length > 0) problems.push(`${where}: refused with ${answer.status} but changed ${changed.join(', ')}`);
          }
          if (STACK_TEXT.test(answer.text)) problems.push(`${where}: stack text in the answer: ${answer.text.slice(0, 200)}`);
          if (route.endsUserSessions && answer.status < 400) await fx.renew(fuzzer);
        }
      }
    }
    if (process.env.FUZZ_STATS) console.log([...stats].map(([key, n]) => `${key}: ${n}`).join('\n'));
    expect(sent).toBeGreaterThan(0);
    expect(problems, `fast-check seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} reproduces)`).toEqual([]);
    // More runs (FUZZ_RUNS) take longer; the default stays well under a minute.
  }, 240_000 + Math.max(0, RUNS - 12) * 15_000);
});
