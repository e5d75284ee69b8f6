/**
 * Message-waiting indication (RFC 3842) from the media component: phones SUBSCRIBE to
 * `message-summary` for their own account through Kamailio (route[MWI_SUBSCRIBE] checks who
 * subscribes and signs it in X-Media-Auth); we answer 200, NOTIFY the counts at once, and again
 * whenever the profile server says the mailbox changed (a long poll of
 * `GET /pbx/v1/voicemail/changes`), along the subscription's signed Record-Route. Refreshes
 * (in-dialog SUBSCRIBE) renew it; Expires: 0 or expiry ends it with a final NOTIFY.
 *
 *   Messages-Waiting: yes
 *   Message-Account: sip:<account>@<domain>
 *   Voice-Message: 2/1 (0/0)
 */
import { PbxMailboxChanges, PbxMailboxSummary } from '../../../src/shared/pbx';
import type { Dialog, Respond, SipRequest, SipUa } from '../ua/sipUa';
import { pbxSigned } from './dispatcher';
import type { ProfileClient } from './profileClient';

const MAX_EXPIRES = 3600;
const MIN_EXPIRES = 60;

interface Subscription {
  dialog: Dialog;
  account: string;
  expiresAt: number;
  timer: NodeJS.Timeout;
  last: PbxMailboxSummary | null;
}

export interface Mwi {
  /** Accounts with a live subscription (tests, logs). */
  accounts(): string[];
  stop(): void;
}

function header(request: SipRequest, name: string): string {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : '';
}

export function startMwi(options: { ua: SipUa; profile: ProfileClient; secret: string; domain: string; log: (line: string) => void }): Mwi {
  const { ua, profile, log } = options;
  const subscriptions = new Map<string, Subscription>();
  const abort = new AbortController();

  const summaryOf = async (account: string): Promise<PbxMailboxSummary | null> => {
    const response = await profile.get('/pbx/v1/voicemail/summary', { account });
    if (response.status !== 200) return null;
    return PbxMailboxSummary.parse(await response.json());
  };

  const body = (account: string, summary: PbxMailboxSummary): string =>
    [
      `Messages-Waiting: ${summary.newCount > 0 ? 'yes' : 'no'}`,
      `Message-Account: sip:${account}@${options.domain}`,
      `Voice-Message: ${summary.newCount}/${summary.heardCount} (0/0)`,
      '',
    ].join('\r\n');

  const notify = async (sub: Subscription, summary: PbxMailboxSummary | null, terminated = false): Promise<void> => {
    const state = terminated ? 'terminated;reason=timeout' : `active;expires=${Math.max(0, Math.round((sub.expiresAt - Date.now()) / 1000))}`;
    const current = summary ?? sub.last ?? { newCount: 0, heardCount: 0 };
    sub.last = current;
    const response = await sub.dialog.request('NOTIFY', {
      headers: { Event: 'message-summary', 'Subscription-State': state },
      body: body(sub.account, current),
      contentType: 'application/simple-message-summary',
    });
    log(`NOTIFY ${sub.account} ${current.newCount}/${current.heardCount}${terminated ? ' (terminated)' : ''}: ${response.status}`);
    // the phone forgot the subscription: so do we
    if (response.status === 481 || response.status === 408) end(sub);
  };

  const end = (sub: Subscription): void => {
    clearTimeout(sub.timer);
    subscriptions.delete(sub.dialog.id);
    sub.dialog.close();
  };

  const arm = (sub: Subscription, seconds: number): void => {
    clearTimeout(sub.timer);
    sub.expiresAt = Date.now() + seconds * 1000;
    sub.timer = setTimeout(() => {
      void notify(sub, null, true).finally(() => end(sub));
    }, seconds * 1000);
    sub.timer.unref();
  };

  const expiresOf = (request: SipRequest): number => {
    const asked = Number.parseInt(header(request, 'Expires') || String(MAX_EXPIRES), 10);
    if (!Number.isFinite(asked)) return MAX_EXPIRES;
    return asked === 0 ? 0 : Math.min(MAX_EXPIRES, Math.max(MIN_EXPIRES, asked));
  };

  const onSubscribe = async (request: SipRequest, respond: Respond): Promise<void> => {
    const account = ua.requestUserOf(request);
    if (!header(request, 'Event').startsWith('message-summary')) {
      respond(489, 'Bad Event', { headers: { 'Allow-Events': 'message-summary' } });
      return;
    }
    if (!pbxSigned(options.secret, `${request.headers['call-id']}|${account}`, header(request, 'X-Media-Auth'))) {
      log(`SUBSCRIBE for '${account}' not signed by the PBX: refused`);
      respond(403, 'Forbidden');
      return;
    }
    const summary = await summaryOf(account);
    if (!summary) {
      respond(404, 'Not Found');
      return;
    }
    const expires = expiresOf(request);
    const sub: Subscription = { dialog: null as unknown as Dialog, account, expiresAt: 0, timer: setTimeout(() => {}, 0), last: summary };
    sub.dialog = ua.acceptDialog(request, respond, {
      headers: { Expires: String(expires) },
      onRequest: (refresh, answer) => {
        if (refresh.method !== 'SUBSCRIBE') {
          answer(200, 'OK');
          return;
        }
        const next = expiresOf(refresh);
        answer(200, 'OK', { headers: { Expires: String(next) } });
        if (next === 0) {
          void notify(sub, null, true).finally(() => end(sub));
          return;
        }
        arm(sub, next);
        void summaryOf(account).then((fresh) => notify(sub, fresh));
      },
    });
    log(`SUBSCRIBE ${account} for ${expires} s`);
    if (expires === 0) {
      await notify(sub, summary, true);
      end(sub);
      return;
    }
    subscriptions.set(sub.dialog.id, sub);
    arm(sub, expires);
    await notify(sub, summary);
  };

  ua.on('request', (request, respond) => {
    if (request.method !== 'SUBSCRIBE') {
      respond(405, 'Method Not Allowed', { headers: { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, SUBSCRIBE' } });
      return;
    }
    onSubscribe(request, respond).catch((error: unknown) => {
      log(`SUBSCRIBE failed: ${error instanceof Error ? error.message : String(error)}`);
      respond(500, 'Server Internal Error');
    });
  });

  // The profile server's change feed: NOTIFY the subscriptions of every changed mailbox.
  const poll = async (): Promise<void> => {
    let after: number | null = null;
    while (!abort.signal.aborted) {
      try {
        const response = await profile.get('/pbx/v1/voicemail/changes', after === null ? { wait: '0' } : { after: String(after), wait: '20' }, { timeoutMs: 30_000, signal: abort.signal });
        if (response.status !== 200) throw new Error(`changes answered ${response.status}`);
        const feed = PbxMailboxChanges.parse(await response.json());
        if (feed.reset && after !== null) {
          for (const sub of subscriptions.values()) void summaryOf(sub.account).then((fresh) => notify(sub, fresh));
        }
        for (const change of feed.changes) {
          for (const sub of subscriptions.values()) {
            if (change.accounts.includes(sub.account)) void notify(sub, { newCount: change.newCount, heardCount: change.heardCount });
          }
        }
        after = feed.seq;
      } catch (error) {
        if (abort.signal.aborted) return;
        log(`change feed: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  void poll();

  return {
    accounts: () => [...subscriptions.values()].map((sub) => sub.account),
    stop() {
      abort.abort();
      for (const sub of subscriptions.values()) clearTimeout(sub.timer);
      subscriptions.clear();
    },
  };
}
