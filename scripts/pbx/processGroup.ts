/**
 * What the PBX launchers (kamailio.ts, rtpengine.ts) and the test harnesses for other real
 * programs (test/support/baresip.ts) share: free loopback ports, and a child process run in
 * its own process group with its output kept, a watchdog that kills the group if this Node
 * process dies without cleaning up, and a bounded TERM-then-KILL stop.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';

export function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}

export function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const port = socket.address().port;
      socket.close(() => resolvePort(port));
    });
  });
}

/** Whether `port` can be bound for UDP on `host` right now. */
export function udpPortIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolveProbe(false));
    socket.bind(port, host, () => socket.close(() => resolveProbe(true)));
  });
}

export function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once('error', () => resolveProbe(false));
  });
}

/** After a kill the listening socket is gone at once; wait until nothing accepts any more. */
export async function waitForPortRelease(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await acceptsConnections(host, port)); attempt++) {
    await delay(20);
  }
}

export interface GroupProcessOptions {
  /** Prefix of the lines echoed with `echo`, e.g. "kamailio". */
  name: string;
  binary: string;
  args: string[];
  cwd?: string;
  env?: SpawnOptions['env'];
  /** Copy every output line to this process's stderr. */
  echo?: boolean;
  /** How many output lines recentLog() keeps. */
  linesKept?: number;
  /** Called with every output line (e.g. to watch for an event). */
  onLine?: (line: string) => void;
}

/**
 * One run of a program in its own process group. The program must lead its group (spawned
 * detached) so `halt` can signal it and every worker it forked at once; Kamailio, which calls
 * setsid() when it is not a group leader, needs exactly this.
 */
/**
 * What kills each running group when this Node process exits: one 'exit' listener for them all
 * (a cluster with its PBX pair and desk phones runs more groups than Node's listener warning allows).
 */
const killOnExit = new Set<() => void>();
let exitHooked = false;

function killGroupOnExit(kill: () => void): void {
  killOnExit.add(kill);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const each of killOnExit) each();
  });
}

export class GroupProcess {
  private child: ChildProcess | null = null;
  private watchdog: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: string[] = [];
  private readonly onProcessExit = (): void => this.signalGroup('SIGKILL');

  constructor(private readonly options: GroupProcessOptions) {}

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /** Exit code or signal once the program ended, else null. */
  get exitStatus(): string | null {
    const proc = this.child;
    if (!proc) return 'not running';
    if (proc.exitCode != null) return `code ${proc.exitCode}`;
    if (proc.signalCode != null) return `signal ${proc.signalCode}`;
    return null;
  }

  /** The last output lines, joined. */
  recentLog(lines = this.options.linesKept ?? 200): string {
    return this.log.slice(-lines).join('\n');
  }

  start(): ChildProcess {
    const proc = spawn(this.options.binary, this.options.args, {
      detached: true,
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (proc.pid != null) {
      // A watchdog that outlives this Node process if it dies without cleaning up (even by
      // SIGKILL): when its stdin pipe closes, it kills the program's group.
      // It ignores TERM/INT/HUP: `timeout` or Ctrl-C signal our whole process group, and the
      // watchdog must outlive exactly those deaths.
      this.watchdog = spawn(
        '/bin/sh',
        ['-c', `trap "" TERM INT HUP; cat >/dev/null; kill -KILL -${proc.pid} 2>/dev/null`],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      this.watchdog.unref();
    }
    this.child = proc;
    const kept = this.options.linesKept ?? 200;
    let partial = '';
    const remember = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        this.log.push(line);
        if (this.options.echo) process.stderr.write(`[${this.options.name}] ${line}\n`);
        this.options.onLine?.(line);
      }
      if (this.log.length > kept) this.log.splice(0, this.log.length - kept);
    };
    proc.stdout?.on('data', remember);
    proc.stderr?.on('data', remember);
    proc.once('error', (error) => this.log.push(`${this.options.name}: ${error.message}`));
    this.exited = new Promise((resolveExit) => {
      proc.once('exit', () => resolveExit());
      proc.once('error', () => resolveExit());
    });
    killGroupOnExit(this.onProcessExit);
    return proc;
  }

  /** Signals the group, waits (KILL after 3 s), and makes sure no member outlives it. */
  async halt(signal: NodeJS.Signals): Promise<void> {
    // the watchdog is only for crashes of this process
    this.watchdog?.kill('SIGKILL');
    this.watchdog = null;
    const proc = this.child;
    if (!proc) return;
    this.signalGroup(signal);
    const stopped = await Promise.race([this.exited.then(() => true), delay(3000).then(() => false)]);
    if (!stopped) {
      this.signalGroup('SIGKILL');
      await this.exited;
    }
    killOnExit.delete(this.onProcessExit);
    // Workers may outlive the main process by a moment; make sure the whole group is gone.
    if (proc.pid != null) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // group already empty
      }
    }
    this.child = null;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const proc = this.child;
    if (proc?.pid != null && proc.exitCode == null && proc.signalCode == null) {
      try {
        process.kill(-proc.pid, signal);
      } catch {
        // already gone
      }
    }
  }
}
