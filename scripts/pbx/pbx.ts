/**
 * The whole development PBX: rtpengine (media) first, then Kamailio (signalling) driving it.
 * `npm start`, scripts/dev-web.ts, the integration tests (test/support/pbxStack.ts) and the
 * benchmarks start it here.
 *
 * restart() and kill() act on Kamailio only: rtpengine keeps running, so calls in progress
 * keep their audio across a Kamailio restart. stop() stops both.
 */
import { startKamailio, type KamailioOptions, type RunningKamailio } from './kamailio';
import { startRtpengine, type RtpengineOptions, type RunningRtpengine } from './rtpengine';

export interface PbxOptions extends Omit<KamailioOptions, 'rtpengineSock'> {
  /** rtpengine's options; `false` runs Kamailio alone (signalling only, no media relay). */
  rtpengine?: RtpengineOptions | false;
}

export interface RunningPbx extends RunningKamailio {
  /** The media relay, or null when started without one. */
  rtpengine: RunningRtpengine | null;
}

export async function startPbx(options: PbxOptions): Promise<RunningPbx> {
  const { rtpengine: mediaOptions, ...kamailioOptions } = options;
  const rtpengine =
    mediaOptions === false
      ? null
      : await startRtpengine({ host: options.host, debug: options.debug, ...mediaOptions });
  let kamailio: RunningKamailio;
  try {
    kamailio = await startKamailio({ ...kamailioOptions, rtpengineSock: rtpengine?.ngSocket });
  } catch (error) {
    await rtpengine?.stop();
    throw error;
  }
  // The Kamailio handle itself, extended (its getters and any field it gains stay as they are).
  const stopKamailio = kamailio.stop.bind(kamailio);
  const kamailioLog = kamailio.recentLog.bind(kamailio);
  return Object.assign(kamailio, {
    rtpengine,
    async stop() {
      try {
        await stopKamailio();
      } finally {
        await rtpengine?.stop();
      }
    },
    recentLog() {
      const media = rtpengine ? `\n--- rtpengine ---\n${rtpengine.recentLog()}` : '';
      return `${kamailioLog()}${media}`;
    },
  });
}
