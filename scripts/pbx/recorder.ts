/**
 * The PBX's recording uploader. rtpengine records the calls Kamailio flags (`record-call=yes`,
 * route[RECORDING] in kamailio.cfg) as pcaps in `<spool>/pcaps` and, when such a call ends,
 * moves its metadata file into `<spool>/metadata` (its name holds the call's Call-ID).
 * This watches that folder; for each finished call it mixes the pcap into one WAV (both
 * directions, scripts/pbx/recordingMix.ts), posts it to the profile server's
 * `POST /pbx/v1/recordings?call_id=…` with the PBX secret (the server keeps it only for the
 * users it told to record that call), and deletes the spool files. An upload the server
 * cannot take now (unreachable, 5xx) is tried again; one it refuses (4xx) is dropped.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mixPcap } from './recordingMix';

export interface RecorderOptions {
  /** rtpengine's `--recording-dir`. */
  spoolDir: string;
  profileServerUrl: string;
  pbxSecret: string;
  /** How often the folder is also scanned (a missed watch event, retries). */
  scanMs?: number;
  log?: (line: string) => void;
}

export interface RunningRecorder {
  /** Handles every finished call in the spool now. */
  scan(): Promise<void>;
  /** What happened to each call handled so far, by Call-ID: the server's answer or why not. */
  readonly results: Map<string, string>;
  stop(): Promise<void>;
}

/** rtpengine's `rtpengine-meta-<escaped Call-ID>-<random hex>.txt` (in metadata/ once the call ended) → the Call-ID. */
export function callIdOfMetaFile(name: string): string | null {
  const match = /^rtpengine-meta-(.+)-[0-9a-f]+\.(?:txt|tmp|meta)$/.exec(name);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

export async function startRecorder(options: RecorderOptions): Promise<RunningRecorder> {
  const metaDir = join(options.spoolDir, 'metadata');
  await mkdir(metaDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  const results = new Map<string, string>();
  const failures = new Map<string, number>();
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function handle(name: string): Promise<void> {
    const callId = callIdOfMetaFile(name);
    const metaPath = join(metaDir, name);
    const meta = await readFile(metaPath, 'utf8').catch(() => null);
    if (meta === null || !callId) return;
    const pcapPath = meta.split('\n')[0]!.trim();
    const pcap = pcapPath ? await readFile(pcapPath).catch(() => null) : null;
    const done = async (result: string): Promise<void> => {
      results.set(callId, result);
      log(`recording of ${callId}: ${result}`);
      await rm(metaPath, { force: true });
      if (pcapPath) await rm(pcapPath, { force: true });
    };
    if (!pcap) return done('no pcap');
    const mixed = mixPcap(pcap);
    if (!mixed.startedAt) return done(`no G.711 audio (${mixed.sources.map((s) => `pt ${s.payloadType}`).join(', ') || 'no RTP'})`);
    const url = new URL('/pbx/v1/recordings', options.profileServerUrl);
    url.searchParams.set('call_id', callId);
    url.searchParams.set('started_at', mixed.startedAt.toISOString());
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'x-pbx-secret': options.pbxSecret, 'content-type': 'audio/wav' },
        body: new Uint8Array(mixed.wav),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = await response.text();
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
      await done(`${response.status} ${answer}`.trim());
    } catch (error) {
      const tries = (failures.get(name) ?? 0) + 1;
      failures.set(name, tries);
      log(`recording of ${callId} not delivered (${error instanceof Error ? error.message : String(error)}), try ${tries}`);
      if (tries >= 20) await done('given up');
    }
  }

  const scan = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      const names = (await readdir(metaDir).catch(() => [] as string[])).filter((n) => callIdOfMetaFile(n) !== null).sort();
      for (const name of names) await handle(name);
    });
    return running;
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(metaDir, () => void scan());
  } catch {
    watcher = null;
  }
  const timer = setInterval(() => void scan(), options.scanMs ?? 2000);
  timer.unref();
  await scan();

  return {
    scan,
    results,
    async stop() {
      clearInterval(timer);
      watcher?.close();
      await running;
      stopped = true;
    },
  };
}
