/**
 * The whole development PBX: rtpengine (media) first, then Kamailio (signalling) driving it,
 * with the recording uploader (recorder.ts), the DTMF relay (dtmfRelay.ts) and the media
 * component (media/media.ts: voicemail, message-waiting indication) beside them.
 * `npm start`, scripts/dev-web.ts, the integration tests (test/support/pbxStack.ts) and the
 * benchmarks start it here.
 *
 * With `carrier`, the carrier simulator (carrier/carrier.ts) starts first and Kamailio's trunk
 * points at it.
 *
 * restart() and kill() act on Kamailio only: rtpengine keeps running, so calls in progress
 * keep their audio across a Kamailio restart. stop() stops both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDtmfRelay, type RunningDtmfRelay } from './dtmfRelay';
import { startCarrier, type CarrierOptions, type RunningCarrier } from './carrier/carrier';
import { startKamailio, type KamailioOptions, type RunningKamailio } from './kamailio';
import { startMedia, type MediaOptions, type RunningMedia } from './media/media';
import { startRecorder, type RunningRecorder } from './recorder';
import { startRtpengine, type RtpengineOptions, type RunningRtpengine } from './rtpengine';

export interface PbxOptions extends Omit<KamailioOptions, 'rtpengineSock' | 'mediaAddress'> {
  /** rtpengine's options; `false` runs Kamailio alone (signalling only, no media relay). */
  rtpengine?: RtpengineOptions | false;
  /** The media component's options (with rtpengine only); `false`: none (voicemail answers 480). */
  media?: Pick<MediaOptions, 'voicemail' | 'scripts'> | false;
  /** Start the carrier simulator as the trunk's other end (`true`: default behaviour). */
  carrier?: CarrierOptions | true;
}

export interface RunningPbx extends RunningKamailio {
  /** The media relay, or null when started without one. */
  rtpengine: RunningRtpengine | null;
  /** Uploads recorded calls to the profile server (with rtpengine only). */
  recorder: RunningRecorder | null;
  /** Passes the DTMF digits rtpengine sees to the profile server (with rtpengine only). */
  dtmfRelay: RunningDtmfRelay | null;
  /** Voicemail and message-waiting indication (with rtpengine only). */
  media: RunningMedia | null;
  /** The carrier simulator at the trunk's other end, when started with `carrier`. */
  carrier: RunningCarrier | null;
}

export async function startPbx(options: PbxOptions): Promise<RunningPbx> {
  const { rtpengine: mediaOptions, media: componentOptions, carrier: carrierOptions, ...kamailioOptions } = options;
  // Recorded calls (route[RECORDING] in kamailio.cfg) are spooled here and uploaded by the recorder.
  const spoolDir = mediaOptions === false ? null : mkdtempSync(join(tmpdir(), 'pbx-recordings-'));
  const removeSpool = (): void => {
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
  };
  let rtpengine: RunningRtpengine | null = null;
  let recorder: RunningRecorder | null = null;
  let dtmfRelay: RunningDtmfRelay | null = null;
  let media: RunningMedia | null = null;
  let carrier: RunningCarrier | null = null;
  let kamailio: RunningKamailio;
  try {
    if (carrierOptions) {
      carrier = await startCarrier({
        host: options.host,
        log: options.debug ? (line) => process.stderr.write(`[carrier] ${line}\n`) : undefined,
        ...(carrierOptions === true ? {} : carrierOptions),
      });
    }
    if (mediaOptions !== false) {
      // RFC 4733 digits rtpengine relays are also reported to the users of the call.
      dtmfRelay = await startDtmfRelay({
        host: options.host,
        profileServerUrl: options.profileServerUrl,
        pbxSecret: options.pbxSecret,
        log: options.debug ? (line) => process.stderr.write(`[dtmf] ${line}\n`) : undefined,
      });
      rtpengine = await startRtpengine({
        host: options.host,
        debug: options.debug,
        recordingDir: spoolDir ?? undefined,
        dtmfLogDest: dtmfRelay.dest,
        ...mediaOptions,
      });
    }
    if (spoolDir) {
      recorder = await startRecorder({
        spoolDir,
        profileServerUrl: options.profileServerUrl,
        pbxSecret: options.pbxSecret,
        log: options.debug ? (line) => process.stderr.write(`[recorder] ${line}\n`) : undefined,
      });
    }
    if (mediaOptions !== false && componentOptions !== false) {
      media = await startMedia({
        ...componentOptions,
        host: options.host,
        profileServerUrl: options.profileServerUrl,
        pbxSecret: options.pbxSecret,
        domain: options.domain,
        debug: options.debug,
        log: options.debug ? (line) => process.stderr.write(`[media] ${line}\n`) : undefined,
      });
    }
    kamailio = await startKamailio({ ...kamailioOptions, rtpengineSock: rtpengine?.ngSocket, mediaAddress: media?.address, trunk: carrier?.trunk ?? kamailioOptions.trunk });
  } catch (error) {
    await media?.stop();
    await carrier?.stop();
    await recorder?.stop();
    await rtpengine?.stop();
    await dtmfRelay?.stop();
    removeSpool();
    throw error;
  }
  // The Kamailio handle itself, extended (its getters and any field it gains stay as they are).
  const stopKamailio = kamailio.stop.bind(kamailio);
  const kamailioLog = kamailio.recentLog.bind(kamailio);
  return Object.assign(kamailio, {
    rtpengine,
    recorder,
    dtmfRelay,
    media,
    carrier,
    async stop() {
      try {
        await stopKamailio();
      } finally {
        await media?.stop();
        await rtpengine?.stop();
        await recorder?.stop();
        await dtmfRelay?.stop();
        await carrier?.stop();
        removeSpool();
      }
    },
    recentLog() {
      const media = rtpengine ? `\n--- rtpengine ---\n${rtpengine.recentLog()}` : '';
      return `${kamailioLog()}${media}`;
    },
  });
}
