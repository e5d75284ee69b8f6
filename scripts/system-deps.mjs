#!/usr/bin/env node
/**
 * The Debian packages the product needs, installed when missing: `npm start` needs the PBX
 * (Kamailio and its modules, rtpengine, openssl for the development TLS certificate), `npm
 * test` and CI also the test parts (Debian's Chromium for Playwright, baresip as the desk
 * phone, PostgreSQL for the server tests on PostgreSQL). One list for `.ci/run`, `npm test` (pretest) and `npm start` (scripts/start.mjs).
 *
 *   node scripts/system-deps.mjs start|test     installs what is missing and says what it did
 *
 * Installs as root directly, otherwise through `sudo -n` when that needs no password; else it
 * prints the command to run and exits non-zero (start: zero, the app still starts). The
 * packaged Kamailio and rtpengine services are disabled after installing: the stack and the
 * tests start their own on loopback ports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const PBX = [
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-utils-modules',
  'kamailio-tls-modules',
  'rtpengine-daemon',
  'openssl',
];
export const PACKAGES = {
  start: PBX,
  // postgresql: the server's integration tests run on PostgreSQL too (scripts/cluster/postgres.ts);
  // haproxy: the cluster test's balancer (scripts/cluster/haproxy.ts)
  test: ['chromium', ...PBX, 'baresip-core', 'postgresql', 'haproxy'],
  // `npm start -- --cluster`: PostgreSQL and HAProxy in front of several server instances
  cluster: [...PBX, 'postgresql', 'haproxy'],
};

function installed(pkg) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function run(prefix, args) {
  const [command, ...rest] = [...prefix, ...args];
  const result = spawnSync(command, rest, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Installs what is missing of `packages`; true when everything is there afterwards. */
export function ensureDebianPackages(packages, log = console.log) {
  if (!existsSync('/usr/bin/dpkg-query')) {
    log(`Not a Debian system: install these yourself if they are missing: ${packages.join(' ')}`);
    return packages.length === 0;
  }
  const missing = packages.filter((pkg) => !installed(pkg));
  if (missing.length === 0) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  if (!root && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    log(`Missing Debian packages: ${missing.join(' ')}\nInstall them with:\n  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    return false;
  }
  log(`Installing the Debian packages that are missing: ${missing.join(' ')} …`);
  const ok =
    run(sudo, ['apt-get', 'update', '-q']) &&
    run(sudo, ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
  if (!ok) {
    log(`apt-get could not install ${missing.join(' ')}; see its output above.`);
    return false;
  }
  // The packaged services are not what the stack uses; it starts its own on loopback ports.
  for (const service of ['kamailio', 'rtpengine-daemon', 'postgresql', 'haproxy']) {
    spawnSync(...(root ? ['systemctl', ['disable', '--now', service]] : ['sudo', ['-n', 'systemctl', 'disable', '--now', service]]), {
      stdio: 'ignore',
    });
  }
  log(`Installed: ${missing.join(' ')}.`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const which = process.argv[2] ?? 'test';
  const packages = PACKAGES[which];
  if (!packages) {
    console.error(`usage: node scripts/system-deps.mjs start|test|cluster (not "${which}")`);
    process.exit(2);
  }
  const ok = ensureDebianPackages(packages);
  if (ok) console.log(`Debian packages for npm ${which}: all present.`);
  process.exit(ok ? 0 : 1);
}
