/**
 * The in-dialog requests and INVITE options the engine sends, each a small function of a
 * sip.js session: the hold/resume re-INVITE (with glare retries), DTMF (RFC 4733 or INFO),
 * REFER, and the caller-identity headers of a new INVITE.
 */
import {
  SessionState,
  type InviterOptions,
  type Session,
  type SessionDescriptionHandlerOptions,
} from 'sip.js';
import type { CallerIdPresentation } from './types';

/** The hold flag sip.js hands to the session-description handler on re-INVITEs. */
type HoldOptions = SessionDescriptionHandlerOptions & { hold: boolean };

/**
 * One re-INVITE keeping (or putting) the call's media on hold as `hold` says; resolves with the
 * final status. The other side's re-INVITE still completing here (we answered, its ACK is on
 * the way) is the same situation as a 491 and answers 491; other failures reject.
 */
export function reInvite(session: Session, hold: boolean): Promise<number> {
  const options: HoldOptions = { hold };
  session.sessionDescriptionHandlerOptionsReInvite = options;
  return new Promise<number>((resolve, reject) => {
    session
      .invite({
        sessionDescriptionHandlerOptions: options,
        requestDelegate: {
          onAccept: () => resolve(200),
          onReject: (response) => resolve(response.message.statusCode ?? 500),
        },
      })
      .catch((error: unknown) => {
        if (error instanceof Error && /ongoing re-INVITE/i.test(error.message)) resolve(491);
        else reject(error);
      });
  });
}

/**
 * Sends the hold/resume re-INVITE. A 491 (glare) or a 500 (the other side is still
 * processing our ACK, RFC 5407 §3.1.5) is retried after a short random wait, as RFC 3261
 * §14.1 prescribes, at most five times.
 */
export async function sendHoldReInvite(
  session: Session,
  hold: boolean,
  attempt = 0,
): Promise<void> {
  const status = await reInvite(session, hold);
  if (status === 200) return;
  if (
    (status === 491 || status === 500) &&
    attempt < 5 &&
    session.state === SessionState.Established
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    return sendHoldReInvite(session, hold, attempt + 1);
  }
  throw new Error(`The other side refused to ${hold ? 'hold' : 'resume'} the call (${status})`);
}

/** RFC 4733 through the media engine when it can; otherwise one SIP INFO per tone. */
export async function sendDtmfTones(session: Session, tones: string): Promise<'rfc4733' | 'info'> {
  if (session.sessionDescriptionHandler?.sendDtmf(tones)) return 'rfc4733';
  for (const tone of tones) {
    await session.info({
      requestOptions: {
        body: {
          contentDisposition: 'render',
          contentType: 'application/dtmf-relay',
          content: `Signal=${tone}\r\nDuration=160\r\n`,
        },
      },
    });
  }
  return 'info';
}

/** The tone of an incoming `application/dtmf-relay` INFO body, or null. */
export function dtmfToneOf(body: string | undefined): string | null {
  return /Signal\s*=\s*([0-9*#A-D])/i.exec(body ?? '')?.[1]?.toUpperCase() ?? null;
}

/**
 * Whether an SDP offer puts us on hold: its audio (or, without a media-level direction, the
 * session) is sendonly or inactive (RFC 3264 §8.4).
 */
export function offersHold(sdp: string): boolean {
  const audioAt = sdp.search(/^m=audio /m);
  const session = audioAt >= 0 ? sdp.slice(0, audioAt) : sdp;
  const rest = audioAt >= 0 ? sdp.slice(audioAt + 1) : '';
  const next = rest.search(/^m=/m);
  const media = next >= 0 ? rest.slice(0, next) : rest;
  const direction = /^a=(sendonly|inactive|recvonly|sendrecv)\s*$/m;
  const found = direction.exec(media)?.[1] ?? direction.exec(session)?.[1] ?? 'sendrecv';
  return found === 'sendonly' || found === 'inactive';
}

/** Sends a REFER (blind: a URI; attended: the session to replace) and waits for 202 Accepted. */
export async function sendRefer(
  session: Session,
  target: Parameters<Session['refer']>[0],
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    session
      .refer(target, {
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) =>
            reject(
              new Error(
                `Transfer refused (${response.message.statusCode} ${response.message.reasonPhrase})`,
              ),
            ),
        },
      })
      .catch(reject);
  });
}

/**
 * The identity headers of a new INVITE: a chosen number as P-Preferred-Identity (the PBX
 * asserts it only if the user may present it), or an anonymous From with Privacy: id.
 */
export function presentationOptions(
  presentation: CallerIdPresentation | null,
  domain: string,
): InviterOptions {
  if (presentation?.kind === 'hidden') {
    return { earlyMedia: true, anonymous: true, extraHeaders: ['Privacy: id'] };
  }
  const extraHeaders: string[] = [];
  if (presentation?.kind === 'number') {
    const display = presentation.displayName
      ? `"${presentation.displayName.replace(/"/g, '')}" `
      : '';
    extraHeaders.push(`P-Preferred-Identity: ${display}<sip:${presentation.number}@${domain}>`);
  }
  return { earlyMedia: true, extraHeaders };
}
