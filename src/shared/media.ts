/**
 * The media bridge protocol: how the SIP engine (main process) drives the WebRTC media engine
 * (renderer). Main sends requests, the engine answers each with a response carrying the same
 * correlation id, and the engine pushes events (stats, a session that ended on its own, a
 * device problem). Messages cross a process boundary, so both sides parse them with these
 * schemas and drop what does not match.
 *
 *   main → engine   { kind: 'request', id, op, sessionId, args }
 *   engine → main   { kind: 'response', id, ok: true, result } | { kind: 'response', id, ok: false, error }
 *   engine → main   { kind: 'event', event: 'ready' | 'stats' | 'ended' | 'problem' | 'resolved', ... }
 *
 * A media session is one sip.js session-description handler (an early dialog gets its own),
 * named by main with an opaque id. Device choice (`setDevices`) may name a session or, without
 * one, set the engine's defaults and apply them to every live session.
 */
import { z } from 'zod';

export const MEDIA_PROTOCOL_VERSION = 1;
export const SDP_CONTENT_TYPE = 'application/sdp';
/** Real SDP for one audio stream is a few kB; anything far larger is not SDP we made. */
const MAX_SDP_LENGTH = 64 * 1024;
/** Upper bound for one serialised bridge message; transports reject anything larger. */
export const MAX_MEDIA_MESSAGE_BYTES = 256 * 1024;

const MediaRequestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'request id: 1–64 of A-Z a-z 0-9 _ -');
const MediaSessionId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'media session id: 1–128 of A-Z a-z 0-9 _ . : -');
export type MediaSessionId = z.infer<typeof MediaSessionId>;

const Sdp = z.string().min(1).max(MAX_SDP_LENGTH);
const SdpType = z.enum(['offer', 'answer']);
const Milliseconds = z.number().int().min(0).max(60_000);
const DeviceId = z.string().max(512);
/** RFC 4733 events an RTCDTMFSender accepts; `,` is a two-second pause. */
export const DtmfTones = z.string().regex(/^[0-9A-Da-d#*,]{1,64}$/, 'DTMF tones: 1–64 of 0-9 A-D # * ,');

const IceServer = z.strictObject({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).min(1).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});

/** How the engine creates a session's peer connection; sent with the first description call. */
export const MediaSessionConfig = z.strictObject({
  iceGatheringTimeoutMs: Milliseconds.optional(),
  iceServers: z.array(IceServer).max(8).optional(),
});
export type MediaSessionConfig = z.infer<typeof MediaSessionConfig>;

/** The serialisable part of sip.js's web SessionDescriptionHandlerOptions. */
export const DescriptionOptions = z.strictObject({
  hold: z.boolean().optional(),
  iceRestart: z.boolean().optional(),
  iceGatheringTimeoutMs: Milliseconds.optional(),
});
export type DescriptionOptions = z.infer<typeof DescriptionOptions>;

export const DeviceChoice = z.strictObject({
  /** Microphone `deviceId`; null: the system default. Omitted: unchanged. */
  inputDeviceId: DeviceId.nullable().optional(),
  /** Speaker `deviceId` for `setSinkId`; null: the system default. Omitted: unchanged. */
  outputDeviceId: DeviceId.nullable().optional(),
});
export type DeviceChoice = z.infer<typeof DeviceChoice>;

/** What a session's `getStats()` says, reduced to what the UI and tests look at. */
export const MediaStats = z.strictObject({
  sessionId: MediaSessionId,
  /** Milliseconds since the epoch, when the report was taken. */
  takenAt: z.number(),
  connectionState: z.string().max(32),
  inbound: z.strictObject({
    bytesReceived: z.number().min(0),
    packetsReceived: z.number().min(0),
    packetsLost: z.number(),
    jitterMs: z.number().min(0),
    /** 0..1 of the played remote audio; stays 0 unless the track is actually played. */
    audioLevel: z.number().min(0).max(1),
    totalAudioEnergy: z.number().min(0),
  }),
  outbound: z.strictObject({
    bytesSent: z.number().min(0),
    packetsSent: z.number().min(0),
  }),
  /** Round-trip time from RTCP, when the peer has reported one. */
  roundTripTimeMs: z.number().min(0).nullable(),
  /** 0..1 of the captured microphone, when known. */
  localAudioLevel: z.number().min(0).max(1).nullable(),
  muted: z.boolean(),
  /** The microphone the call captures from and the speaker it plays on (null: none yet / system default). */
  inputDeviceId: z.string().max(512).nullable(),
  outputDeviceId: z.string().max(512).nullable(),
});
export type MediaStats = z.infer<typeof MediaStats>;

const Description = z.strictObject({ body: Sdp, contentType: z.string().max(128), type: SdpType });

/** Every operation with the schema of its arguments and of its result. */
export const mediaOperations = {
  getDescription: {
    args: z.strictObject({ options: DescriptionOptions, config: MediaSessionConfig.optional() }),
    result: Description,
  },
  setDescription: {
    args: z.strictObject({ sdp: Sdp, options: DescriptionOptions, config: MediaSessionConfig.optional() }),
    result: z.null(),
  },
  /**
   * A ringing call's offer, applied ahead of the answer (the remote description only: no
   * microphone, no local description, so nothing is sent before the user answers).
   */
  prepareOffer: {
    args: z.strictObject({ sdp: Sdp, config: MediaSessionConfig.optional() }),
    result: z.null(),
  },
  hasDescription: { args: z.strictObject({ contentType: z.string().max(128) }), result: z.boolean() },
  rollbackDescription: { args: z.strictObject({}), result: z.null() },
  sendDtmf: {
    args: z.strictObject({
      tones: DtmfTones,
      durationMs: z.number().int().min(40).max(6000).optional(),
      interToneGapMs: z.number().int().min(30).max(6000).optional(),
    }),
    result: z.boolean(),
  },
  close: { args: z.strictObject({}), result: z.null() },
  setMuted: { args: z.strictObject({ muted: z.boolean() }), result: z.null() },
  setDevices: { args: DeviceChoice, result: z.null() },
  getStats: { args: z.strictObject({}), result: MediaStats },
} as const;

export type MediaOp = keyof typeof mediaOperations;
export type MediaArgs<Op extends MediaOp> = z.infer<(typeof mediaOperations)[Op]['args']>;
export type MediaResult<Op extends MediaOp> = z.infer<(typeof mediaOperations)[Op]['result']>;

const sessionRequest = <Op extends MediaOp, Args extends z.ZodType>(op: Op, args: Args) =>
  z.strictObject({ kind: z.literal('request'), id: MediaRequestId, op: z.literal(op), sessionId: MediaSessionId, args });

const ops = mediaOperations;
export const MediaRequest = z.discriminatedUnion('op', [
  sessionRequest('getDescription', ops.getDescription.args),
  sessionRequest('setDescription', ops.setDescription.args),
  sessionRequest('prepareOffer', ops.prepareOffer.args),
  sessionRequest('hasDescription', ops.hasDescription.args),
  sessionRequest('rollbackDescription', ops.rollbackDescription.args),
  sessionRequest('sendDtmf', ops.sendDtmf.args),
  sessionRequest('close', ops.close.args),
  sessionRequest('setMuted', ops.setMuted.args),
  sessionRequest('getStats', ops.getStats.args),
  // setDevices alone may omit the session: it then sets the engine-wide choice.
  z.strictObject({
    kind: z.literal('request'),
    id: MediaRequestId,
    op: z.literal('setDevices'),
    sessionId: MediaSessionId.optional(),
    args: ops.setDevices.args,
  }),
]);
export type MediaRequest = z.infer<typeof MediaRequest>;

/**
 * Why a request failed. `unknown-session`: the engine has no such session (never created, or
 * lost with a reload); `closed`: the session was closed meanwhile; `invalid-request`: the engine
 * could not parse it; `failed`: WebRTC said no (the message says what). The port adds
 * `timeout`, `disconnected` and `invalid-response` (the engine's answer did not parse) itself.
 */
export const MediaErrorCode = z.enum([
  'unknown-session',
  'closed',
  'invalid-request',
  'invalid-response',
  'failed',
  'timeout',
  'disconnected',
]);
export type MediaErrorCode = z.infer<typeof MediaErrorCode>;
const MediaFailure = z.strictObject({ code: MediaErrorCode, message: z.string().max(2000) });
export type MediaFailure = z.infer<typeof MediaFailure>;

export const MediaResponse = z.discriminatedUnion('ok', [
  z.strictObject({ kind: z.literal('response'), id: MediaRequestId, ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ kind: z.literal('response'), id: MediaRequestId, ok: z.literal(false), error: MediaFailure }),
]);
export type MediaResponse = z.infer<typeof MediaResponse>;

/** What went wrong with a call's sound, in kinds the user's notice can name. */
export const MediaProblem = z.enum(['playback', 'speaker']);
export type MediaProblem = z.infer<typeof MediaProblem>;

export const MediaEvent = z.discriminatedUnion('event', [
  /** The engine is up (sent on connect and after a reload); sessions from before are gone. */
  z.strictObject({
    kind: z.literal('event'),
    event: z.literal('ready'),
    protocol: z.literal(MEDIA_PROTOCOL_VERSION),
    engine: z.string().max(64),
  }),
  z.strictObject({ kind: z.literal('event'), event: z.literal('stats'), sessionId: MediaSessionId, stats: MediaStats }),
  /** The peer connection failed or closed without main asking (ICE failure, device loss). */
  z.strictObject({
    kind: z.literal('event'),
    event: z.literal('ended'),
    sessionId: MediaSessionId,
    reason: z.string().max(500),
  }),
  /**
   * Something the user should hear about that did not fail a request: the call's audio cannot
   * be played (`playback`) or the chosen speaker cannot be used (`speaker`). `detail` is the
   * browser's words, for the log only. `resolved` says the same problem is over (playback
   * started), so its notice goes away by itself.
   */
  z.strictObject({
    kind: z.literal('event'),
    event: z.literal('problem'),
    sessionId: MediaSessionId.optional(),
    problem: MediaProblem,
    detail: z.string().max(500),
  }),
  z.strictObject({
    kind: z.literal('event'),
    event: z.literal('resolved'),
    sessionId: MediaSessionId.optional(),
    problem: MediaProblem,
  }),
]);
export type MediaEvent = z.infer<typeof MediaEvent>;

/** Everything the engine may send to main. */
export const MediaFromEngine = z.union([MediaResponse, MediaEvent]);
export type MediaFromEngine = MediaResponse | MediaEvent;

/** Electron IPC channel names (main ↔ preload); the payloads are the messages above. */
export const MEDIA_IPC_CHANNELS = { toEngine: 'media:to-engine', fromEngine: 'media:from-engine' } as const;

/** What a renderer-side carrier (the preload API, a WebSocket) must offer the engine. */
export interface MediaEngineChannel {
  send(message: MediaFromEngine): void;
  /** Returns a function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
  /**
   * Carriers that can lose main and find it again (the harness's WebSocket) call this after
   * each reconnection: main counts the old sessions as gone, so the engine closes them and
   * announces itself again. Electron IPC does not drop (a reload boots a new engine).
   */
  onReconnect?(listener: () => void): () => void;
}
