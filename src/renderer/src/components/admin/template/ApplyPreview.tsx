import { useEffect, useState } from 'react';
import type { TemplateApplyPreview } from '../../../../../shared/server-api';
import { previewApply } from '../../../store/actions/admin';
import { useT, type MessageKey, type Translate } from '../../../i18n';

type UserPreview = TemplateApplyPreview['users'][number];

/** The profile fields the preview can name (`ProfileFields` keys), each in words. */
const FIELD_KEYS: Record<string, MessageKey> = {
  icon: 'admin.apply.field.icon',
  colour: 'admin.apply.field.colour',
  type: 'admin.apply.field.type',
  availability: 'admin.apply.field.availability',
  priority: 'admin.apply.field.priority',
  standardLengthMinutes: 'admin.apply.field.standardLengthMinutes',
  triggerWords: 'admin.apply.field.triggerWords',
  callerId: 'admin.apply.field.callerId',
  routing: 'admin.apply.field.routing',
  exceptions: 'admin.apply.field.exceptions',
  callWaiting: 'admin.apply.field.callWaiting',
  queues: 'admin.apply.field.queues',
  recording: 'admin.apply.field.recording',
  speedDial: 'admin.apply.field.speedDial',
};

function fieldWords(t: Translate, fields: string[]): string {
  return fields.map((field) => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field)).join(', ');
}

/** One user's lines: added, changed (which fields), removed, the new default, the choice that falls back. */
function userLines(t: Translate, user: UserPreview): string[] {
  const lines: string[] = [];
  if (user.added.length > 0) lines.push(t('admin.apply.added', { names: user.added.join(', ') }));
  for (const change of user.changed) {
    const fields = fieldWords(t, change.fields);
    if (change.previousName === null) lines.push(t('admin.apply.changed', { name: change.name, fields }));
    else if (change.fields.length === 0) lines.push(t('admin.apply.renamed', { name: change.name, previous: change.previousName }));
    else lines.push(t('admin.apply.changedRenamed', { name: change.name, previous: change.previousName, fields }));
  }
  if (user.removed.length > 0) lines.push(t('admin.apply.removed', { names: user.removed.join(', ') }));
  if (user.defaultProfile?.to) {
    lines.push(
      user.defaultProfile.from
        ? t('admin.apply.defaultChange', { from: user.defaultProfile.from, to: user.defaultProfile.to })
        : t('admin.apply.defaultNew', { to: user.defaultProfile.to }),
    );
  }
  if (user.fallback) lines.push(t('admin.apply.fallback', { from: user.fallback.from, to: user.fallback.to ?? '' }));
  return lines.length > 0 ? lines : [t('admin.apply.noChange')];
}

/**
 * What the apply will do, per user (issue 13), from the server's dry run of the very same apply
 * (`POST …/apply-preview`), asked again whenever the selection changes.
 */
export function ApplyPreview(props: { templateId: string; userIds: string[] | 'all' | null }) {
  const t = useT();
  const [answer, setAnswer] = useState<{ selection: string; preview: TemplateApplyPreview | { failed: string } } | null>(null);
  const selection = props.userIds === null ? null : JSON.stringify(props.userIds);
  useEffect(() => {
    if (selection === null) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      let failed = t('admin.apply.previewFailed');
      void previewApply(props.templateId, JSON.parse(selection) as string[] | 'all', (message) => (failed = `${failed} ${message}`)).then((result) => {
        if (current) setAnswer({ selection, preview: result ?? { failed } });
      });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [props.templateId, selection, t]);

  if (selection === null) return null;
  // An answer for an earlier selection is never shown for this one.
  const preview = answer?.selection === selection ? answer.preview : null;
  if (preview === null) return <p className="muted">{t('admin.apply.previewLoading')}</p>;
  if ('failed' in preview) return <p className="error-text">{preview.failed}</p>;
  return (
    <ul className="apply-preview">
      {preview.users.map((user) => (
        <li key={user.userId} aria-label={user.userName}>
          <strong>{t('admin.apply.previewUser', { name: `${user.firstName} ${user.lastName}`.trim(), userName: user.userName })}</strong>
          <ul>
            {userLines(t, user).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
