/**
 * The page a password reset link opens (issue 12): a plain HTML form served by the profile
 * server, no script, in the account's language (the browser's when the link is unusable). The
 * form posts back to the same address; problems are shown next to the field they are about.
 */
import type { FastifyReply } from 'fastify';
import { format, type MessageKey } from '../../shared/i18n';
import type { Language } from '../../shared/model';

export const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface ResetPage {
  language: Language;
  /** The form (with the token and the account's user name), or a final message. */
  form?: { token: string; userName: string; errors: { password?: string; repeat?: string } };
  message?: { key: MessageKey; kind: 'done' | 'problem' };
}

/** `Accept-Language` picks Swedish or English for a page that knows no account. */
export function browserLanguage(acceptLanguage: string | undefined): Language {
  return /^\s*sv\b/i.test(acceptLanguage ?? '') ? 'sv' : 'en';
}

function body(page: ResetPage): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => escape(format(page.language, key, params));
  if (page.message) {
    const role = page.message.kind === 'problem' ? 'alert' : 'status';
    return `<p role="${role}" class="${page.message.kind}">${t(page.message.key)}</p>`;
  }
  const form = page.form;
  if (!form) return '';
  const error = (id: string, message: string | undefined) =>
    message ? `<p id="${id}-error" class="problem" role="alert">${escape(message)}</p>` : '';
  const described = (id: string, message: string | undefined) => (message ? ` aria-invalid="true" aria-describedby="${id}-error"` : '');
  return `<p>${t('resetPage.intro', { userName: form.userName })}</p>
<form method="post" action="/password-reset">
<input type="hidden" name="token" value="${escape(form.token)}">
<label for="password">${t('resetPage.password')}</label>
<input id="password" name="password" type="password" autocomplete="new-password" required${described('password', form.errors.password)}>
${error('password', form.errors.password)}
<label for="repeat">${t('resetPage.repeat')}</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" required${described('repeat', form.errors.repeat)}>
${error('repeat', form.errors.repeat)}
<p class="note">${t('resetPage.signOutNote')}</p>
<button type="submit">${t('resetPage.submit')}</button>
</form>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
label{display:block;margin-top:1rem;font-weight:600}input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}.problem{color:#b00020;margin:.25rem 0}.done{color:#0a6b2d}.note{color:#555}`;

/**
 * One of the profile server's own pages (password reset, invitation, confirmation,
 * registration): plain HTML in the person's language, no script and no outside files, never
 * cached, never framed; forms post back to the same page only.
 */
export function sendPage(reply: FastifyReply, status: number, page: { language: string; title: string; body: string; extraStyle?: string }): FastifyReply {
  const title = escape(page.title);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
    .send(`<!doctype html>
<html lang="${page.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}${page.extraStyle ?? ''}</style></head>
<body><h1>${title}</h1>
${page.body}
</body></html>
`);
}

export function sendResetPage(reply: FastifyReply, status: number, page: ResetPage): FastifyReply {
  return sendPage(reply, status, { language: page.language, title: format(page.language, 'resetPage.title'), body: body(page) });
}
