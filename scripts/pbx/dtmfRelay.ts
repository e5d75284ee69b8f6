/**
 * The PBX's DTMF relay. WebRTC gives a page no event for RFC 4733 digits it receives, and
 * Kamailio (a proxy) cannot send an in-dialog INFO, so a digit a plain phone sends to a
 * softphone would only be heard. rtpengine sees every RFC 4733 event it relays and, started
 * with `--dtmf-log-dest`, sends one JSON datagram per ended event (daemon/dtmf.c
 * dtmf_json_print: `callid`, `source_tag` (the SIP tag of the sending side), `tags`, `type`
 * "DTMF", `event` 0-15, `duration`, `volume`, …). This listens for those on a loopback UDP port
 * and posts each digit, in order, to the profile server's `POST /pbx/v1/dtmf` with the PBX
 * secret; the server pushes it to the users in that call (src/server/services/pbx-dialogs.ts).
 * A digit the server cannot take now (unreachable, 5xx) is tried a few times, then dropped: a
 * late digit is worth little.
 */
import { createSocket, type Socket } from 'node:dgram';
import { z } from 'zod';
import { DTMF_EVENT_DIGITS, PBX_SECRET_HEADER, type PbxDtmf } from '../../src/shared/pbx';

export interface DtmfRelayOptions {
  /** Loopback address to listen on (rtpengine's --dtmf-log-dest). */
  host?: string;
  profileServerUrl: string;
  pbxSecret: string;
  log?: (line: string) => void;
}

export interface RunningDtmfRelay {
  /** What rtpengine's `--dtmf-log-dest` is given: HOST:PORT. */
  dest: string;
  /** Each digit relayed so far and the server's answer (or why not), in order. */
  readonly results: Array<{ dtmf: PbxDtmf; result: string }>;
  stop(): Promise<void>;
}

/** The part of rtpengine's DTMF datagram the relay reads. */
const RtpengineDtmfEvent = z.object({
  callid: z.string().min(1).max(300),
  source_tag: z.string().max(200),
  type: z.string().optional(),
  event: z.int().min(0).max(15),
});

/** rtpengine's datagram → the digit to post, or null for anything else (not DTMF, malformed). */
export function dtmfOfDatagram(text: string): PbxDtmf | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const event = RtpengineDtmfEvent.safeParse(parsed);
  if (!event.success || (event.data.type !== undefined && event.data.type !== 'DTMF')) return null;
  return {
    call_id: event.data.callid,
    source_tag: event.data.source_tag,
    digit: DTMF_EVENT_DIGITS[event.data.event]!,
  };
}

export async function startDtmfRelay(options: DtmfRelayOptions): Promise<RunningDtmfRelay> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const results: RunningDtmfRelay['results'] = [];
  // Posted one after the other, so the user sees the digits in the order they were pressed.
  let queue: Promise<void> = Promise.resolve();

  async function post(dtmf: PbxDtmf): Promise<void> {
    let result = 'given up';
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const response = await fetch(new URL('/pbx/v1/dtmf', options.profileServerUrl), {
          method: 'POST',
          headers: { [PBX_SECRET_HEADER]: options.pbxSecret, 'content-type': 'application/json' },
          body: JSON.stringify(dtmf),
          signal: AbortSignal.timeout(5000),
        });
        const answer = `${response.status} ${await response.text()}`.trim();
        if (response.status >= 500) throw new Error(answer);
        result = answer;
        break;
      } catch (error) {
        log(
          `DTMF ${dtmf.digit} of ${dtmf.call_id} not delivered (${error instanceof Error ? error.message : String(error)}), try ${attempt}`,
        );
        await new Promise((wake) => setTimeout(wake, 200 * attempt));
      }
    }
    results.push({ dtmf, result });
    log(`DTMF ${dtmf.digit} of ${dtmf.call_id} from ${dtmf.source_tag}: ${result}`);
  }

  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => log(`DTMF relay socket: ${error.message}`));
  socket.on('message', (data, from) => {
    // rtpengine runs on this machine and sends from loopback; nothing else is listened to.
    if (from.address !== host) return;
    const dtmf = dtmfOfDatagram(data.toString('utf8'));
    if (!dtmf) {
      log(`DTMF relay ignored ${data.toString('utf8').slice(0, 200)}`);
      return;
    }
    queue = queue.then(() => post(dtmf));
  });

  return {
    dest: `${host}:${socket.address().port}`,
    results,
    async stop() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await queue;
    },
  };
}
