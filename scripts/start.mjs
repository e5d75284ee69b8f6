#!/usr/bin/env node
/**
 * `npm start`: build the app, start the local stack and open the softphone against it.
 *
 *   1. checks that Electron's binary is installed (explains how to get it if not);
 *   2. builds with electron-vite;
 *   3. starts the profile server with the demo company on a SQLite file in the user's data
 *      folder (kept between runs, so profile changes survive a restart);
 *   4. installs the PBX's Debian packages when missing (scripts/system-deps.mjs: as root, or
 *      with sudo that needs no password; otherwise it says which to install), then starts the
 *      PBX (scripts/pbx/pbx.ts: rtpengine for media, then Kamailio) when
 *      /usr/sbin/kamailio exists, unless SOFTPHONE_PBX_URL already points at a PBX; without
 *      /usr/bin/rtpengine Kamailio relays signalling only (softphone-to-softphone calls work,
 *      desk phones get no audio);
 *   5. starts the app with the sign-in prefilled for a demo user, and stops the stack when the
 *      app exits (or on Ctrl-C).
 *
 * `npm start -- --stack-only` skips Electron and the build: it runs the server and PBX until Ctrl-C.
 *
 * `npm start -- --cluster` runs the hosted shape instead, also until Ctrl-C (no Electron):
 * PostgreSQL, several profile-server instances, HAProxy in front of them and the PBX asking
 * them through it (scripts/cluster/cluster.ts), the demo company seeded, and prints every
 * address. SOFTPHONE_CLUSTER_INSTANCES (default 3), SOFTPHONE_CLUSTER_PORT (the balancer's
 * port; default the server port of the last run), DATABASE_URL (an existing PostgreSQL
 * database; default a throwaway PostgreSQL whose data goes with Ctrl-C),
 * SOFTPHONE_CLUSTER_ECHO=1 (the instances' and HAProxy's output on this terminal).
 *
 * Environment: SOFTPHONE_DEMO_USER (default alice), SOFTPHONE_PBX_URL (use an existing PBX),
 * SOFTPHONE_STACK_DIR (where the database lives). The local PBX:
 *   SOFTPHONE_PBX_LISTEN     addresses it listens on, comma-separated (default 127.0.0.1); the
 *                            first is the one named in its URLs, unless SOFTPHONE_PBX_NAME is set
 *   SOFTPHONE_PBX_TLS=1      also SIP over TLS and wss://, with the softphone on wss://; the
 *                            certificate is SOFTPHONE_PBX_TLS_CERT / SOFTPHONE_PBX_TLS_KEY, or a
 *                            development CA and certificate made in <stack dir>/pbx-tls (the app
 *                            is told to trust that CA through SOFTPHONE_EXTRA_CA)
 *   SOFTPHONE_PBX_NAME       host name (or address) clients use in the wss:// URL
 *   SOFTPHONE_TRUNK          the carrier trunk as IP:port[/udp|/tcp] (outside numbers and mobile
 *                            legs go out through it, calls from it come in), with optional
 *                            SOFTPHONE_TRUNK_USER / SOFTPHONE_TRUNK_PASSWORD / SOFTPHONE_TRUNK_REALM
 *                            for its digest challenges; without it the carrier simulator
 *                            (scripts/pbx/carrier) is the trunk's other end
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDebianPackages, PACKAGES } from './system-deps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP_NAME = 'profile-softphone';
const DEMO_PASSWORD = 'demo-password';
const SIP_DOMAIN = 'softphone.local';
const KAMAILIO = '/usr/sbin/kamailio';
const RTPENGINE = '/usr/bin/rtpengine';

/** Everything started here, stopped in reverse order on the way out. */
const cleanups = [];

class StartError extends Error {}

main().catch(async (error) => {
  console.error(`\nnpm start: ${error instanceof StartError ? error.message : describe(error)}`);
  await stopAll();
  process.exit(1);
});

async function main() {
  if (process.argv.includes('--cluster')) return runCluster();
  const stackOnly = process.argv.includes('--stack-only');
  const electron = stackOnly ? null : findElectron();
  if (!stackOnly) await run('Building the app', process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);

  const stackDir = process.env.SOFTPHONE_STACK_DIR ?? join(userDataDir(), 'local-stack');
  mkdirSync(stackDir, { recursive: true });
  const pbxSecret = randomBytes(18).toString('base64url');
  const serverPort = await stablePort(join(stackDir, 'server-port'));
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  // Kamailio only asks the profile server once calls arrive, so it can start first; the
  // server then names its address to the softphones (GET /me/sip).
  if (!process.env.SOFTPHONE_PBX_URL) ensureDebianPackages(PACKAGES.start);
  const pbx = process.env.SOFTPHONE_PBX_URL ? { url: process.env.SOFTPHONE_PBX_URL, extraCa: null } : await startPbx(serverUrl, pbxSecret, stackDir);
  const pbxUrl = pbx?.url ?? null;
  await startProfileServer(stackDir, pbxSecret, serverPort, pbxUrl);

  const user = process.env.SOFTPHONE_DEMO_USER ?? 'alice';
  if (!electron) return waitForCtrlC(serverUrl, pbxUrl, user);
  console.log(`\nStarting the softphone: server ${serverUrl}, PBX ${pbxUrl ?? '(none)'}.`);
  console.log(`Sign in as "${user}" with the password "${DEMO_PASSWORD}" (other demo users: admin, bob, carol, dave).\n`);
  const app = spawn(electron, [root, ...process.argv.slice(2).filter((arg) => arg !== '--stack-only')], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      SOFTPHONE_SERVER_URL: serverUrl,
      SOFTPHONE_PREFILL_USER: user,
      ...(pbxUrl ? { SOFTPHONE_PBX_URL: pbxUrl } : {}),
      ...(pbx?.extraCa ? { SOFTPHONE_EXTRA_CA: pbx.extraCa } : {}),
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  const code = await new Promise((done, fail) => {
    app.once('error', (error) => fail(new StartError(`Electron could not be started (${electron}): ${error.message}`)));
    app.once('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
  });
  await stopAll();
  process.exit(code);
}

/** `--stack-only`: the server and PBX without the app (for the browser harness, or a packaged app). */
async function waitForCtrlC(serverUrl, pbxUrl, user) {
  console.log(`\nLocal stack running: profile server ${serverUrl}, PBX ${pbxUrl ?? '(none)'}.`);
  console.log(`Demo sign-in: "${user}" / "${DEMO_PASSWORD}". Press Ctrl-C to stop.`);
  const signal = await new Promise((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  console.log(`${signal}: stopping the local stack …`);
  await stopAll();
  process.exit(0);
}

/** `--cluster`: PostgreSQL, N server instances, HAProxy and the PBX as a pair of proxies, until Ctrl-C. */
async function runCluster() {
  if (!ensureDebianPackages(PACKAGES.cluster)) throw new StartError('The cluster needs PostgreSQL and HAProxy (see above).');
  const stackDir = process.env.SOFTPHONE_STACK_DIR ?? join(userDataDir(), 'local-stack');
  mkdirSync(stackDir, { recursive: true });
  const instances = Number(process.env.SOFTPHONE_CLUSTER_INSTANCES ?? 3);
  if (!Number.isInteger(instances) || instances < 1 || instances > 32) throw new StartError(`SOFTPHONE_CLUSTER_INSTANCES must be 1–32, not "${process.env.SOFTPHONE_CLUSTER_INSTANCES}"`);
  const port = process.env.SOFTPHONE_CLUSTER_PORT ? Number(process.env.SOFTPHONE_CLUSTER_PORT) : await stablePort(join(stackDir, 'server-port'));
  const withPbx = existsSync(KAMAILIO);
  const withMedia = withPbx && existsSync(RTPENGINE);
  console.log(`Starting ${process.env.DATABASE_URL ? 'against DATABASE_URL' : 'PostgreSQL'}, ${instances} profile-server instances, HAProxy${withPbx ? ` and two Kamailio proxies${withMedia ? ' (each with rtpengine)' : ''}` : ''} …`);
  const { tsImport } = await import('tsx/esm/api');
  const { startCluster } = await tsImport(pathToFileURL(join(root, 'scripts/cluster/cluster.ts')).href, import.meta.url);
  const cluster = await startCluster({
    instances,
    port,
    demo: true,
    databaseUrl: process.env.DATABASE_URL || undefined,
    pbxSecret: randomBytes(18).toString('base64url'),
    sipDomain: SIP_DOMAIN,
    dir: join(stackDir, 'cluster'),
    echo: process.env.SOFTPHONE_CLUSTER_ECHO === '1',
    // the pair of proxies on 127.0.0.1 and 127.0.0.2 (scripts/pbx/pair.ts); no carrier trunk on a pair
    pbx: withPbx ? { debug: process.env.PBX_DEBUG === '1', ...(withMedia ? {} : { rtpengine: false }) } : false,
  });
  cleanups.push(() => cluster.stop());
  console.log(`\nCluster running:`);
  console.log(`  balancer (HAProxy)   ${cluster.url}  (clients use this; WebSocket ${cluster.wsUrl})`);
  for (const instance of cluster.instances) console.log(`  ${instance.name.padEnd(20)} ${instance.url}  (pid ${instance.pid})`);
  console.log(`  database             ${cluster.databaseUrl}${cluster.postgres ? '  (throwaway: gone after Ctrl-C)' : ''}`);
  if (cluster.pbx) {
    for (const [i, proxy] of cluster.pbx.proxies.entries()) console.log(`  ${`PBX proxy ${'AB'[i]}`.padEnd(20)} ${proxy.wsUrl}; SIP UDP ${proxy.host}:${proxy.sipPort}`);
    console.log('                       (Kamailio pair sharing registrations, asking the servers through the balancer;');
    console.log('                       softphones get both, A first, and move to the other when theirs fails; no carrier trunk)');
  } else console.log(`  PBX                  none (Kamailio is not installed at ${KAMAILIO})`);
  console.log(`Point the app at the balancer: SOFTPHONE_SERVER_URL=${cluster.url} (sign in as alice / "${DEMO_PASSWORD}").`);
  console.log('Press Ctrl-C to stop everything.');
  const signal = await new Promise((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  console.log(`${signal}: stopping the cluster …`);
  await stopAll();
  process.exit(0);
}

/** The Electron binary, or a clear explanation (and exit 1) when it is not installed. */
function findElectron() {
  const require = createRequire(import.meta.url);
  let binary = null;
  try {
    binary = require('electron');
  } catch {
    // node_modules/electron/index.js throws when the binary was never downloaded (path.txt missing).
  }
  if (typeof binary === 'string' && existsSync(binary)) return binary;
  throw new StartError(
    [
      "Electron's binary is not installed, so the desktop app cannot start (`npx electron --version` fails the same way).",
      'This happens when dependencies were installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without internet access.',
      'On a machine with internet, run `node node_modules/electron/install.js` (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD);',
      'or unpack a matching Electron release (see node_modules/electron/package.json for the version) and set',
      'ELECTRON_OVERRIDE_DIST_PATH to its folder. Everything else (build, tests, the profile server, the PBX) works without it.',
    ].join(' '),
  );
}

/**
 * Flags in `--name=value` form: a generated value (the random base64url PBX secret may start
 * with `-`) is then never read as an option of its own, which node:util parseArgs refuses as
 * "ambiguous". Null and undefined values are left out.
 */
function serverFlags(values) {
  return Object.entries(values)
    .filter(([, value]) => value != null)
    .map(([name, value]) => `--${name}=${value}`);
}

async function startProfileServer(stackDir, pbxSecret, port, pbxUrl) {
  const cli = join(root, 'src/server/cli.ts');
  if (!existsSync(cli)) throw new StartError(`The profile server is not part of this checkout yet (${cli} is missing).`);
  const db = join(stackDir, 'profile-server.sqlite');
  const url = `http://127.0.0.1:${port}`;
  console.log(`Starting the profile server with the demo company (database ${db}) …`);
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--demo', ...serverFlags({ host: '127.0.0.1', port: String(port), db, 'sip-domain': SIP_DOMAIN, 'pbx-secret': pbxSecret, 'mail-outbox': join(stackDir, 'mail-outbox.jsonl'), 'pbx-ws-url': pbxUrl || null })],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  cleanups.push(() => stopProcess(server));
  await waitForHttp(url, server, 'the profile server');
  return url;
}

/**
 * Kamailio's WebSocket URL (wss:// with TLS) and the CA file the app must trust for it, or null
 * with an explanation when it cannot run here.
 */
async function startPbx(serverUrl, pbxSecret, stackDir) {
  const helper = join(root, 'scripts/pbx/pbx.ts');
  if (!existsSync(KAMAILIO) || !existsSync(helper)) {
    console.warn(
      [
        `\nNo local PBX: ${existsSync(KAMAILIO) ? `${helper} is missing` : `Kamailio is not installed (${KAMAILIO} not found)`}.`,
        'The app starts, but calls need a PBX. Either install Kamailio and rtpengine',
        '(`sudo apt-get install -y kamailio kamailio-websocket-modules kamailio-utils-modules kamailio-tls-modules rtpengine-daemon`) and run `npm start` again,',
        'or point the app at an existing PBX with SOFTPHONE_PBX_URL=wss://pbx.example.com/ws npm start.\n',
      ].join(' '),
    );
    return null;
  }
  const withMedia = existsSync(RTPENGINE);
  if (!withMedia) {
    console.warn(`\nrtpengine is not installed (${RTPENGINE} not found): the PBX relays signalling only, so desk phones get no audio (\`sudo apt-get install -y rtpengine-daemon\`).`);
  }
  console.log(withMedia ? 'Starting rtpengine and Kamailio …' : 'Starting Kamailio …');
  const { tsImport } = await import('tsx/esm/api');
  const { startPbx: startPbxProcesses } = await tsImport(pathToFileURL(helper).href, import.meta.url);
  const listen = (process.env.SOFTPHONE_PBX_LISTEN ?? '127.0.0.1').split(',').map((address) => address.trim()).filter(Boolean);
  const [host = '127.0.0.1', ...extraListen] = listen;
  const serverName = process.env.SOFTPHONE_PBX_NAME?.trim() || host;
  let tls;
  let extraCa = null;
  if (process.env.SOFTPHONE_PBX_TLS === '1') {
    if (process.env.SOFTPHONE_PBX_TLS_CERT || process.env.SOFTPHONE_PBX_TLS_KEY) {
      tls = { certFile: process.env.SOFTPHONE_PBX_TLS_CERT ?? '', keyFile: process.env.SOFTPHONE_PBX_TLS_KEY ?? '', serverName };
      extraCa = process.env.SOFTPHONE_EXTRA_CA ?? null;
    } else {
      const { ensureDevCertificates } = await tsImport(pathToFileURL(join(root, 'scripts/pbx/devCerts.ts')).href, import.meta.url);
      const certs = ensureDevCertificates(join(stackDir, 'pbx-tls'), { hosts: [...new Set(['localhost', '127.0.0.1', serverName, ...listen])] });
      console.log(`PBX TLS certificate from the development CA ${certs.caFile} (the app trusts it; other clients must be told to).`);
      tls = { certFile: certs.certFile, keyFile: certs.keyFile, serverName };
      extraCa = certs.caFile;
    }
  }
  const trunk = trunkFromEnv();
  const pbx = await startPbxProcesses({ profileServerUrl: serverUrl, pbxSecret, domain: SIP_DOMAIN, host, extraListen, tls, ...(trunk ? { trunk } : { carrier: true }), ...(withMedia ? {} : { rtpengine: false }) });
  cleanups.push(() => pbx.stop());
  if (pbx.tlsPort) console.log(`PBX: SIP over TLS on ${serverName}:${pbx.tlsPort}, ${pbx.wssUrl}, and ${pbx.wsUrl}; UDP ${host}:${pbx.sipPort}.`);
  console.log(`Desk phones: register over UDP to ${pbx.host}:${pbx.sipPort}, domain ${SIP_DOMAIN} (credentials from an admin).`);
  if (pbx.carrier) console.log(`Carrier trunk: the carrier simulator on ${pbx.carrier.host}:${pbx.carrier.port} (answers any outside number or mobile after 1 s).`);
  else console.log(`Carrier trunk: ${trunk.host}:${trunk.port} over ${trunk.transport}.`);
  return { url: pbx.wssUrl ?? pbx.wsUrl, extraCa };
}

/** SOFTPHONE_TRUNK=IP:port[/udp|/tcp] (+ SOFTPHONE_TRUNK_USER/_PASSWORD/_REALM), or null. */
function trunkFromEnv() {
  const text = process.env.SOFTPHONE_TRUNK?.trim();
  if (!text) return null;
  const match = /^([0-9.]+):(\d+)(?:\/(udp|tcp))?$/.exec(text);
  if (!match) throw new StartError(`SOFTPHONE_TRUNK must look like 192.0.2.10:5060 or 192.0.2.10:5060/tcp, not "${text}"`);
  const user = process.env.SOFTPHONE_TRUNK_USER;
  const password = process.env.SOFTPHONE_TRUNK_PASSWORD;
  const realm = process.env.SOFTPHONE_TRUNK_REALM ?? match[1];
  return {
    host: match[1],
    port: Number(match[2]),
    transport: match[3] ?? 'udp',
    ...(user && password ? { credentials: { username: user, password, realm } } : {}),
  };
}

/** Electron's userData folder for this app (what app.getPath('userData') returns). */
function userDataDir() {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData/Roaming'), APP_NAME);
  if (process.platform === 'darwin') return join(homedir(), 'Library/Application Support', APP_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

function run(title, command, args) {
  console.log(`${title} …`);
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => fail(new StartError(`${title} failed: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? done() : fail(new StartError(`${title} failed (exit code ${code}); see the output above.`))));
  });
}

async function waitForHttp(url, child, what) {
  let exited = null;
  child.once('exit', (code) => (exited = code ?? 1));
  for (let attempt = 0; attempt < 150; attempt++) {
    if (exited !== null) throw new StartError(`${what} stopped during start (exit code ${exited}); see its output above.`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((wake) => setTimeout(wake, 200));
    }
  }
  throw new StartError(`${what} did not answer on ${url} within 30 seconds.`);
}

/**
 * The port of the last run when it is still free: the app remembers the server address it
 * signed in to, so the local server keeps its address between runs when it can.
 */
async function stablePort(file) {
  const previous = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  if (Number.isInteger(previous) && previous > 0 && previous < 65536 && (await isFree(previous))) return previous;
  const port = await freePort();
  writeFileSync(file, `${port}\n`);
  if (Number.isInteger(previous)) console.warn(`Port ${previous} of the last run is taken; the profile server moves to ${port} (sign in with the new address).`);
  return port;
}

function isFree(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function stopAll() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`While stopping: ${describe(error)}`);
    }
  }
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
