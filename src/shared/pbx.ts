/**
 * The questions the PBX asks the profile server (loopback HTTP, shared secret in the
 * `X-Pbx-Secret` header). Answers are `key=value;key=value` text so that Kamailio can read them
 * with its `{param.value,KEY}` transformation without a JSON module; values are URI-safe
 * (percent-encoded where needed). JSON is also served when the request asks for it.
 *
 *   GET /pbx/v1/credentials/:sipUser              → PbxCredentials      (404 unknown/disabled)
 *   GET /pbx/v1/caller-id?user=U&requested=N[&call_id=C&to=DIALLED]            → PbxCallerId
 *   GET /pbx/v1/caller-id?mobile=N[&call_id=C&to=DIALLED]   a call from a user's mobile through
 *       the carrier trunk: that user's outgoing call, with the profile's caller ID for mobile
 *       calls (seed 001); the answer names the user (`user`). 404: nobody's mobile.
 *   GET /pbx/v1/route?from=U&to=DIALLED&busy=0|1[&call_id=C&presented=N&via=V]  → PbxRoute
 *   GET /pbx/v1/announcements/audio?target=T&call_id=C  → audio/wav (8 kHz mono) + X-Then-Target (issue 11)
 *   GET /pbx/v1/dialog?call_id=C&state=start&users=A,B   a call was answered (A, B: SIP accounts)
 *   GET /pbx/v1/dialog?call_id=C&state=end               it ended
 *   POST /pbx/v1/recordings?call_id=C[&started_at=ISO]  body: audio/wav  → stored=N (users who keep it; 404: nobody expects the call)
 *   POST /pbx/v1/dtmf  body: PbxDtmf (JSON)  → pushed=N (the users of that call it was pushed to; 0: no such call)
 *
 * Recording (seed 001): with a `call_id`, the caller-ID answer says `record=1` when the caller's
 * profile in effect records calls, and the route answer says so for the called user's; the
 * server then expects a recording of that call (for that user, that direction). When the call
 * ends the PBX's recording daemon posts the mixed file (both directions) with the call id; the
 * server keeps it only for the users it told to record that call.
 *
 * SIP accounts here (`:sipUser`, `user`, `from`, `users`, `ring`, `callee`, `owner`, `account`) are
 * users' SIP names (`users.sip_user`, issue 12) or desk phones', never user names: those are
 * unique per company only.
 *
 * `to` is what the caller dialled (extension, E.164, SIP name, or a colleague's user name). The route answer says
 * who the call is for and what the PBX must do if no client decides otherwise.
 *
 * Media component (voicemail, issue 11): `via` is what the previous hop of a forwarded call
 * dialled (empty on the first hop: nobody reaches a mailbox by dialling), i.e. whose profile
 * or device sent the call on. `to=voicemail` with `via` naming a user answers `kind=media` and
 * a `target` signed for this Call-ID (`vm-<user id>-<hmac>`, src/server/services/media-targets.ts),
 * which the PBX relays to the media component (scripts/pbx/media). The component then asks:
 *
 *   GET  /pbx/v1/voicemail/greeting?target=T&call_id=C      → audio/wav (own or default greeting)
 *   POST /pbx/v1/voicemail?target=T&call_id=C&caller=N[&caller_name=X&called=N&started_at=ISO]
 *        body: audio/wav                                     → stored=1;id=…
 *   GET  /pbx/v1/voicemail/summary?account=A                → PbxMailboxSummary (MWI)
 *   GET  /pbx/v1/voicemail/changes?after=SEQ[&wait=S]       → PbxMailboxChanges (long poll)
 *
 * Listening by phone (the company code `listenVoicemail`): the route answer for the code is
 * `kind=media` with `listen-<user id>-<hmac>` for the caller; the listen script asks
 * (src/server/services/pbx-listen.ts):
 *
 *   GET  /pbx/v1/voicemail/listen?target=T&call_id=C                  → PbxListenMailbox
 *   GET  /pbx/v1/voicemail/listen/audio?target=T&call_id=C&message=M  → audio/wav
 *   POST /pbx/v1/voicemail/listen/heard?target=T&call_id=C&message=M  → { heard: 1 }
 *   POST /pbx/v1/voicemail/listen/delete?target=T&call_id=C&message=M → { deleted: 1 }
 */
import { z } from 'zod';

export const PBX_SECRET_HEADER = 'x-pbx-secret';

export const PbxCredentials = z.object({
  user: z.string(),
  realm: z.string(),
  /** md5(user:realm:password), hex. */
  ha1: z.string().regex(/^[0-9a-f]{32}$/),
  /** The SIP user name of the user the account belongs to (itself, or a desk phone's user). */
  owner: z.string(),
});
export type PbxCredentials = z.infer<typeof PbxCredentials>;

export const PbxCallerId = z.object({
  /** The number to assert (P-Asserted-Identity user part), or `anonymous`. */
  identity: z.string(),
  display: z.string(),
  /** 1 when the number must be withheld from the callee (Privacy: id). */
  privacy: z.enum(['0', '1']),
  /** 1 when the caller's profile in effect records calls (asked with a `call_id`). */
  record: z.enum(['0', '1']).default('0'),
  /** Asked by `mobile`: the SIP user name of the user whose mobile it is (the caller). */
  user: z.string().optional(),
});
export type PbxCallerId = z.infer<typeof PbxCallerId>;

/** A SIP URI user part the PBX can route (another user, the voicemail user, an external number), or empty. */
export const PbxRoute = z.object({
  /** `user`: ring a user; `queue`: ring members at once; `forward`: send straight to `target`;
   *  `reject`: answer with `status`; `external`: route out through the carrier trunk (404
   *  without one); `unknown`: 404; `media`: relay to the media component with `target` as the
   *  request-URI user; `application`: relay to the application's SIP address `target`. */
  kind: z.enum(['user', 'queue', 'forward', 'reject', 'external', 'unknown', 'media', 'application']),
  /**
   * Addresses of record (SIP accounts) to ring at once, comma-separated: for `user` the devices
   * the profile rings (the user's own account for the softphone, each desk phone's account),
   * for `queue` those of the active members by their queue devices. Empty: nothing to ring.
   */
  ring: z.string().default(''),
  /** Seconds to ring before no-answer applies (0: ring until the caller gives up). */
  noanswer_after: z.string().default('0'),
  /** Where to send the call on no answer / busy / unreachable / right away (`forward`); empty: none. */
  noanswer_target: z.string().default(''),
  busy_target: z.string().default(''),
  unreachable_target: z.string().default(''),
  target: z.string().default(''),
  /** SIP status for `reject`, and for an unhandled busy/unreachable. */
  status: z.string().default('480'),
  /** RFC 5806 reason of a `forward`: `user-busy` when the busy rule sent it (the user is in another call). */
  forward_reason: z.enum(['unconditional', 'user-busy']).default('unconditional'),
  /** Type of the called number: landline, internal, mobile, queue. */
  called_type: z.string().default('internal'),
  /** 1 when the called user's profile in effect records calls (asked with a `call_id`). */
  record: z.enum(['0', '1']).default('0'),
  /**
   * Seconds after the call arrives before each address of `ring` starts ringing, comma-separated
   * in the same order (seed 001 "Delay to mobile"; a profile's ring legs). Empty: all at once.
   */
  ring_delays: z.string().default(''),
  /** For `user`: the mobile number rung through the carrier trunk as one more leg (empty: none). */
  mobile: z.string().default(''),
  /** Seconds after the call arrives before the mobile leg starts. */
  mobile_delay: z.string().default('0'),
  /**
   * The called user's own mobile number: a forwarding target (no answer, busy, unreachable, a
   * device redirect) equal to it goes straight out through the trunk, never routed again by the
   * user's own rule (no loop). Empty: the user has none.
   */
  own_mobile: z.string().default(''),
  /** For `user`: the called user's SIP account, who is in the call when the mobile leg answers. */
  callee: z.string().default(''),
  /**
   * For `queue`: the mobiles of active members whose profile rings the mobile for queue calls,
   * comma-separated (legs out through the trunk, at once), and in the same order the SIP
   * account of each one's owner (who is in the call when that leg answers).
   */
  queue_mobiles: z.string().default(''),
  queue_mobile_owners: z.string().default(''),
});
export type PbxRoute = z.infer<typeof PbxRoute>;

/** Message counts of the mailbox an account (a user's own or a desk phone's) belongs to. */
export const PbxMailboxSummary = z.object({
  newCount: z.number().int().nonnegative(),
  heardCount: z.number().int().nonnegative(),
});
export type PbxMailboxSummary = z.infer<typeof PbxMailboxSummary>;

/**
 * Mailboxes that changed after `after` (a sequence number of this server process): each with
 * every SIP account of its user and the new counts. `reset`: the server cannot say what changed
 * since `after` (it restarted, or too much changed): ask every subscription's summary again.
 */
export const PbxMailboxChanges = z.object({
  seq: z.number().int().nonnegative(),
  reset: z.boolean(),
  changes: z.array(PbxMailboxSummary.extend({ accounts: z.array(z.string()) })),
});
export type PbxMailboxChanges = z.infer<typeof PbxMailboxChanges>;

/** One DTMF digit; RFC 4733 event codes 0-15 are these characters in order. */
export const DtmfDigit = z.string().regex(/^[0-9*#A-D]$/);
export const DTMF_EVENT_DIGITS = '0123456789*#ABCD';

/**
 * A DTMF digit the media relay saw in a call (rtpengine's RFC 4733 detection, forwarded by
 * scripts/pbx/dtmfRelay.ts): the SIP Call-ID and the SIP tag of the side that sent it.
 */
export const PbxDtmf = z.strictObject({
  call_id: z.string().min(1).max(300),
  source_tag: z.string().max(200),
  digit: DtmfDigit,
});
export type PbxDtmf = z.infer<typeof PbxDtmf>;

/** `a=1;b=x%3By` — the reply format Kamailio reads with `{param.value,a}`. */
export function encodePbxParams(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join(';');
}

export function decodePbxParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

/** The mailbox a listening call plays: new messages first, then heard ones, each oldest first. */
export const PbxListenMailbox = z.object({
  language: z.enum(['en', 'sv']),
  messages: z.array(z.object({ id: z.string(), heard: z.boolean(), durationSeconds: z.number() })),
});
export type PbxListenMailbox = z.infer<typeof PbxListenMailbox>;
