/**
 * A development certificate authority and a PBX server certificate signed by it, made with
 * the `openssl` command line tool (Debian's `openssl` package), for the PBX's SIP over TLS and
 * secure WebSocket listeners in `npm start` and the integration tests.
 *
 * Files (PEM) in `dir`: ca.crt / ca.key (the CA a client is told to trust), server.crt /
 * server.key (what Kamailio presents). An existing set is reused when its certificate still
 * names every requested host and is valid for at least another day; otherwise all is made anew.
 * The directory is the developer's data folder or a test's temp dir, never the repository.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface DevCertificates {
  dir: string;
  caFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
  /** The CA certificate (PEM), to hand a client as its extra trusted CA. */
  caPem: string;
}

export interface DevCertOptions {
  /** Host names and IP addresses the server certificate is valid for (default: localhost, 127.0.0.1, ::1). */
  hosts?: string[];
  /** Common name of the CA, e.g. to make a second, unrelated CA in tests. */
  caName?: string;
  openssl?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function ensureDevCertificates(dir: string, options: DevCertOptions = {}): DevCertificates {
  const hosts = [...new Set(options.hosts ?? ['localhost', '127.0.0.1', '::1'])];
  for (const host of hosts) {
    if (!isIP(host) && !/^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host))
      throw new Error(`ensureDevCertificates: "${host}" is not a host name or IP address`);
  }
  const files: DevCertificates = {
    dir,
    caFile: join(dir, 'ca.crt'),
    caKeyFile: join(dir, 'ca.key'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    caPem: '',
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!stillGood(files, hosts)) make(files, hosts, options);
  files.caPem = readFileSync(files.caFile, 'utf8');
  return files;
}

function stillGood(files: DevCertificates, hosts: string[]): boolean {
  if (![files.caFile, files.caKeyFile, files.certFile, files.keyFile].every((file) => existsSync(file)))
    return false;
  try {
    const ca = new X509Certificate(readFileSync(files.caFile));
    const cert = new X509Certificate(readFileSync(files.certFile));
    if (!cert.verify(ca.publicKey)) return false;
    const until = Date.now() + DAY_MS;
    if (new Date(cert.validTo).getTime() < until || new Date(ca.validTo).getTime() < until) return false;
    return hosts.every((host) => (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined);
  } catch {
    return false;
  }
}

function make(files: DevCertificates, hosts: string[], options: DevCertOptions): void {
  const openssl = options.openssl ?? 'openssl';
  const run = (args: string[]): void => {
    try {
      execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(
        `openssl ${args[0]} failed (is the openssl package installed?): ${stderr || String(error)}`,
      );
    }
  };
  const caName = options.caName ?? 'Profile softphone development CA';
  run([
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', files.caKeyFile, '-out', files.caFile, '-days', '825', '-subj', `/CN=${caName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const csr = join(files.dir, 'server.csr');
  run([
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', files.keyFile, '-out', csr, '-subj', `/CN=${hosts[0] ?? 'localhost'}`,
  ]);
  const extensions = join(files.dir, 'server.ext');
  const names = hosts.map((host) => (isIP(host) ? `IP:${host}` : `DNS:${host}`)).join(',');
  writeFileSync(
    extensions,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${names}`,
      '',
    ].join('\n'),
  );
  run([
    'x509', '-req', '-in', csr, '-CA', files.caFile, '-CAkey', files.caKeyFile, '-CAcreateserial',
    '-out', files.certFile, '-days', '397', '-extfile', extensions,
  ]);
  chmodSync(files.caKeyFile, 0o600);
  chmodSync(files.keyFile, 0o600);
}
