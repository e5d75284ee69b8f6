/**
 * Composition of the profile server: logger, store, mail port, push hub, the route areas (who
 * may call what, routes/areas.ts) and the OpenAPI description generated from their zod schemas.
 */
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { ServerConfig, type ServerConfigInput } from './config';
import { settleCsvJobs } from './services/csv-jobs';
import { sweepUnconfirmed } from './services/accounts';
import { registerOwnPasswordRoutes, registerPasswordResetRoutes } from './routes/accounts';
import { openStore } from './db/open-store';
import type { Store } from './db/store';
import { pathOf, RequestLog } from './log';
import { FileOutbox, type MailPort } from './mail/mail-port';
import { PushHub } from './push/hub';
import { PgBus, type PgBusOptions } from './push/bus';
import { handleClusterEvents } from './services/cluster-events';
import { stopPresence } from './services/presence';
import { CallRegistry } from './services/calls';
import { registerAdminCsvRoutes } from './routes/admin-csv';
import { registerAdminTemplateRoutes } from './routes/admin-templates';
import { registerAdminUserRoutes } from './routes/admin-users';
import { registerAdminDeviceRoutes } from './routes/admin-devices';
import { registerAdminTenancyRoutes } from './routes/admin-tenancy';
import { registerAdminDestinationRoutes, registerMeDestinationRoutes } from './routes/admin-destinations';
import { registerAdminSiteRoutes } from './routes/admin-sites';
import { decorateCaller, routeArea } from './routes/areas';
import { registerAdminQueueAuditRoutes } from './routes/admin-queues-audit';
import { registerAuthRoutes } from './routes/auth';
import { registerMeRoutes } from './routes/me';
import { pbxArea } from './routes/pbx';
import { registerRegistrationRoutes } from './routes/registration';
import { registerAdminWelcomeRoutes, registerGetinPageRoutes } from './routes/getin';
import { registerAdminRecordingRoutes, registerMeRecordingRoutes } from './routes/recordings';
import { RecordingFiles } from './recordings/files';
import { sweepRecordings } from './services/recordings';
import { PeriodicSweeper } from './services/sweeper';
import { registerMeVoicemailRoutes } from './routes/voicemail';
import { sweepVoicemail } from './services/voicemail';
import { VoicemailFiles } from './voicemail/files';
import { registerRateLimits } from './routes/rate-limits';
import { registerSocketRoute } from './routes/socket';
import { companyBuiltIns } from './services/built-in-templates';
import { CalendarRefresher, calendarRuntime } from './services/calendar';
import type { Resolver } from './calendar/safe-fetch';
import type { ServerContext } from './services/context';
import { ApiError } from './services/errors';
import { decodeCsvBytes } from '../shared/csvEncoding';
import { formatText } from '../shared/i18n';
import { validationText } from '../shared/rules/validation';
import { ensureBuiltInTemplates } from './services/templates';

/** How long a command's answer is kept for replays (an offline client's queue is days, not months). */
const IDEMPOTENCY_DAYS = 30;

/** A route the server serves, as Fastify registered it (tests enumerate these). */
export interface ServedRoute {
  method: string;
  /** As registered, with `:param` placeholders. */
  url: string;
  /** Which parts of the request its schema validates. */
  validates: { body: boolean; querystring: boolean; params: boolean };
}

export interface RunningServer {
  app: FastifyInstance;
  /** Every route and method the server serves (HEAD twins of GET routes included). */
  routes: readonly ServedRoute[];
  ctx: ServerContext;
  /** The bus to the other instances on the same PostgreSQL database (null on SQLite). */
  bus: PgBus | null;
  /** `http://host:port` the server listens on. */
  url: string;
  /** Fetches every subscribed ICS calendar now (also runs every `calendarRefreshMinutes`). */
  refreshCalendars(): Promise<void>;
  /** Deletes expired recordings now (also runs every `recordingSweepMinutes`); how many went. */
  sweepRecordings(): Promise<number>;
  close(): Promise<void>;
}

export interface ServerOverrides {
  store?: Store;
  mail?: MailPort;
  now?: () => Date;
  /** Where log lines (JSON, one per line) go instead of stderr (tests read them). */
  logStream?: { write(line: string): void };
  /** How calendar URL host names resolve (tests: a name that resolves to a private address). */
  calendarResolver?: Resolver;
  /** The push bus's channel and reconnect policy (tests widen the reconnect wait). */
  bus?: PgBusOptions;
}

export async function createServer(input: ServerConfigInput, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const config = ServerConfig.parse(input);
  // forceCloseConnections: a stopping server drops keep-alive sockets at once, so clients reconnect
  // to its successor instead of reusing a half-closed socket.
  const app = Fastify({
    logger: { level: config.logLevel, stream: overrides.logStream ?? process.stderr },
    logController: new RequestLog(),
    bodyLimit: 8 * 1024 * 1024,
    forceCloseConnections: true,
    // Behind HAProxy (issue 15): the caller's address from X-Forwarded-For, only from these.
    ...(config.trustProxy ? { trustProxy: config.trustProxy.split(',').map((part) => part.trim()).filter(Boolean) } : {}),
  });
  const store = overrides.store ?? (await openStore(config));
  // On PostgreSQL other instances may share the database: pushes reach their sockets too.
  const bus = config.databaseUrl ? new PgBus(config.databaseUrl, app.log, overrides.bus) : null;
  await bus?.start();
  const hub = new PushHub(bus);
  let url = '';
  const ctx: ServerContext = {
    config,
    store,
    hub,
    recordings: new RecordingFiles(config.recordingsDir),
    voicemail: new VoicemailFiles(config.voicemailDir),
    calls: new CallRegistry(),
    calendar: calendarRuntime(config, overrides.calendarResolver),
    log: app.log,
    mail: overrides.mail ?? new FileOutbox(config.mailOutbox),
    now: overrides.now ?? (() => new Date()),
    publicUrl: () => config.publicUrl ?? url,
  };

  handleClusterEvents(ctx);

  const routes: ServedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const schema = route.schema ?? {};
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, validates: { body: schema.body !== undefined, querystring: schema.querystring !== undefined, params: schema.params !== undefined } });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      // A service's own 5xx (e.g. an upstream that failed) is a failure too: logged with its cause.
      if (error.status >= 500) request.log.error({ err: error, method: request.method, path: pathOf(request.url) }, 'The request failed');
      if (error.headers) reply.headers(error.headers);
      const text = error.text ?? validationText(error.message);
      return reply
        .code(error.status)
        .send({ error: error.code, message: error.message, ...(text ? { text } : {}), details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      // The field's path, or the part of the request (body, querystring) when the whole part is wrong.
      const where = first?.instancePath?.replace(/^\//, '').replaceAll('/', '.') || error.validationContext;
      const text = first?.message === undefined ? undefined : validationText(first.message);
      return reply.code(400).send({
        error: 'invalid_argument',
        message: `${where ?? 'request'}: ${first?.message ?? 'invalid'}`,
        ...(text ? { text } : {}),
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    // The one line a failure leaves: its cause (message and stack) with the request it broke.
    if (status >= 500) request.log.error({ err: error, method: request.method, path: pathOf(request.url) }, 'The request failed');
    return reply.code(status).send({
      error: status === 404 ? 'not_found' : status < 500 ? 'invalid_argument' : 'failed',
      message: status < 500 && error instanceof Error ? error.message : 'The server failed; the error is in its log',
    });
  });
  app.addContentTypeParser(['text/calendar', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // A CSV file arrives as the spreadsheet wrote it: UTF-8, UTF-16 or Windows-1252 (csvEncoding.ts).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, body, done) => {
    const decoded = decodeCsvBytes(body as Buffer);
    if (decoded.ok) return done(null, decoded.text);
    done(new ApiError(400, 'invalid_argument', formatText('en', decoded.problem), undefined, undefined, decoded.problem), undefined);
  });
  // Commands without arguments may arrive with a JSON content type and no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Profile server', description: 'Profiles, users, templates, sync and PBX answers', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      // Browsers cannot set headers on a WebSocket; a `bearer.<token>` subprotocol carries the
      // token instead, and the handshake must echo the protocol it accepted.
      handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith('bearer.')) ?? false,
    },
  });

  // Who may call what, per area; a route may declare its own `config: { access }`.
  decorateCaller(app);
  await registerRateLimits(app, ctx);
  await app.register(routeArea(ctx, 'public', registerAuthRoutes, registerRegistrationRoutes, registerSocketRoute, registerPasswordResetRoutes, registerGetinPageRoutes));
  await app.register(routeArea(ctx, 'signed-in', registerMeRoutes, registerMeRecordingRoutes, registerOwnPasswordRoutes, registerMeDestinationRoutes));
  // Its own area: only these routes take audio bodies (greeting uploads).
  await app.register(routeArea(ctx, 'signed-in', registerMeVoicemailRoutes));
  await app.register(
    routeArea(ctx, 'admin', registerAdminUserRoutes, registerAdminDeviceRoutes, registerAdminCsvRoutes, registerAdminTemplateRoutes, registerAdminRecordingRoutes, registerAdminTenancyRoutes,
      registerAdminDestinationRoutes,
      registerAdminQueueAuditRoutes,
      registerAdminWelcomeRoutes,
      registerAdminSiteRoutes,
    ),
  );
  await app.register(pbxArea(ctx));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // The bus's connections would keep the process alive.
    await bus?.close();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server did not get a TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  // Companies get built-in templates added in later versions too; old idempotency answers go.
  // Instances starting together on one database do this one after the other (issue 15).
  await store.write(async (tx) => {
    await tx.lockUntilCommit('start-up');
    for (const company of await tx.listCompanies()) await ensureBuiltInTemplates(tx, company.id, companyBuiltIns(), ctx.now());
    await tx.pruneIdempotentAnswers(new Date(ctx.now().getTime() - IDEMPOTENCY_DAYS * 86_400_000).toISOString());
  });

  const calendars = new CalendarRefresher(ctx);
  calendars.start();
  const sweeper = new PeriodicSweeper(ctx, 'recording', config.recordingSweepMinutes, sweepRecordings);
  sweeper.start();
  const voicemailSweeper = new PeriodicSweeper(ctx, 'voicemail', config.recordingSweepMinutes, sweepVoicemail);
  voicemailSweeper.start();
  const registrations = new PeriodicSweeper(ctx, 'registration', config.unconfirmedSweepMinutes, sweepUnconfirmed);
  registrations.start();

  let closed = false;
  return {
    app,
    routes,
    ctx,
    bus,
    url,
    refreshCalendars: () => calendars.refreshAll(),
    sweepRecordings: () => sweepRecordings(ctx),
    async close() {
      if (closed) return;
      closed = true;
      calendars.stop();
      await ctx.calendar.parser.close();
      await sweeper.stop();
      await voicemailSweeper.stop();
      await registrations.stop();
      hub.goAwayAll('The server is shutting down');
      stopPresence(ctx);
      await app.close();
      // a CSV submit still running commits or fails before the database closes
      await settleCsvJobs(ctx);
      await bus?.close();
      await store.close();
    },
  };
}
