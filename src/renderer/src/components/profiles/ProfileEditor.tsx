import { useId, useState } from 'react';
import { ProfileFields, ProfileIcon, ProfileType, type CalledNumberType, type Device, type Exceptions, type Target } from '../../../../shared/model';
import { useT } from '../../i18n';
import { CallerIdEditor } from './CallerIdEditor';
import { TargetEditor, defaultTarget } from './TargetEditor';

const overrideTypes: CalledNumberType[] = ['landline', 'internal', 'mobile'];
const queueDevices: Device[] = ['softphone', 'mobile', 'deskphone'];

/** Field path of the first schema problem, turned into words for the person editing. */
function firstProblem(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid profile';
  return issue.path.length > 0 ? `${issue.path.map(String).join(' › ')}: ${issue.message}` : issue.message;
}

/**
 * Every field of a profile. Used for a user's own profiles and for the profiles of a template;
 * the draft is checked with the shared schema before it is handed to `onSave`.
 */
export function ProfileEditor(props: {
  title: string;
  initial: ProfileFields;
  queues: { id: string; name: string }[];
  onSave: (fields: ProfileFields) => Promise<boolean> | boolean;
  onCancel?: () => void;
  saveLabel?: string;
}) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState<ProfileFields>(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ProfileFields>(key: K, value: ProfileFields[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setException = <K extends keyof Exceptions>(key: K, value: Exceptions[K]) => setDraft((d) => ({ ...d, exceptions: { ...d.exceptions, [key]: value } }));

  const save = async () => {
    const parsed = ProfileFields.safeParse(draft);
    if (!parsed.success) {
      setProblem(firstProblem(parsed.error));
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await props.onSave(parsed.data);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="profile-editor"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <div className="grid two">
        <label className="field">
          <span>{t('profile.field.name')}</span>
          <input value={draft.name} required maxLength={40} onChange={(e) => set('name', e.target.value)} data-autofocus />
        </label>
        <label className="field">
          <span>{t('profile.field.type')}</span>
          <select value={draft.type} onChange={(e) => set('type', e.target.value as ProfileFields['type'])}>
            {ProfileType.options.map((type) => (
              <option key={type} value={type}>
                {t(`profileType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('profile.field.icon')}</span>
          <select value={draft.icon} onChange={(e) => set('icon', e.target.value as ProfileFields['icon'])}>
            {ProfileIcon.options.map((icon) => (
              <option key={icon} value={icon}>
                {t(`profileIcon.${icon}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('profile.field.colour')}</span>
          <input type="color" value={draft.colour} onChange={(e) => set('colour', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('profile.field.availability')}</span>
          <select value={draft.availability} onChange={(e) => set('availability', e.target.value as ProfileFields['availability'])}>
            <option value="available">{t('availability.available')}</option>
            <option value="not_available">{t('availability.not_available')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('profile.field.priority')}</span>
          <input type="number" min={1} max={99} value={draft.priority} onChange={(e) => set('priority', Number(e.target.value))} />
        </label>
        <label className="field">
          <span>{t('profile.field.standardLength')}</span>
          <input
            type="number"
            min={1}
            value={draft.standardLengthMinutes ?? ''}
            onChange={(e) => set('standardLengthMinutes', e.target.value === '' ? null : Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span>{t('profile.field.speedDial')}</span>
          <input value={draft.speedDial ?? ''} placeholder="*41" onChange={(e) => set('speedDial', e.target.value.trim() === '' ? null : e.target.value.trim())} />
        </label>
      </div>
      <label className="field">
        <span>{t('profile.field.triggerWords')}</span>
        <input
          defaultValue={draft.triggerWords.join(', ')}
          onChange={(e) =>
            set(
              'triggerWords',
              e.target.value
                .split(',')
                .map((w) => w.trim())
                .filter(Boolean),
            )
          }
        />
      </label>
      <div className="grid two">
        <CallerIdEditor label={t('profile.field.callerIdSoftphone')} value={draft.callerId.softphone} onChange={(v) => set('callerId', { ...draft.callerId, softphone: v })} />
        <CallerIdEditor label={t('profile.field.callerIdMobile')} value={draft.callerId.mobile} onChange={(v) => set('callerId', { ...draft.callerId, mobile: v })} />
      </div>

      <fieldset>
        <legend>{t('profile.section.routing')}</legend>
        <TargetEditor label={t('profile.routing.any')} value={draft.routing.any} onChange={(v) => set('routing', { ...draft.routing, any: v })} />
        {overrideTypes.map((type) => {
          const override = draft.routing[type];
          return (
            <div key={type}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={override !== undefined}
                  onChange={(e) => {
                    const routing = { ...draft.routing };
                    if (e.target.checked) routing[type] = defaultTarget('voicemail');
                    else delete routing[type];
                    set('routing', routing);
                  }}
                />
                {t('profile.routing.override', { type: t(`number.${type}`) })}
              </label>
              {override && <TargetEditor label={t('profile.routing.for', { type: t(`number.${type}`) })} value={override} onChange={(v) => set('routing', { ...draft.routing, [type]: v })} />}
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>{t('profile.section.exceptions')}</legend>
        {(['busy', 'unreachable'] as const).map((key) => {
          const target = draft.exceptions[key];
          return (
            <div key={key}>
              <label className="check">
                <input type="checkbox" checked={target !== null} onChange={(e) => setException(key, e.target.checked ? defaultTarget('voicemail') : null)} />
                {t(`profile.exception.${key}`)}
              </label>
              {target && <TargetEditor label={t(`profile.exception.${key}.target`)} value={target} onChange={(v: Target) => setException(key, v)} />}
            </div>
          );
        })}
        <label className="check">
          <input
            type="checkbox"
            checked={draft.exceptions.noAnswer !== null}
            onChange={(e) => setException('noAnswer', e.target.checked ? { afterSeconds: 20, target: defaultTarget('voicemail') } : null)}
          />
          {t('profile.exception.noAnswer')}
        </label>
        {draft.exceptions.noAnswer && (
          <>
            <label className="field inline">
              <span>{t('profile.exception.noAnswer.after')}</span>
              <input
                type="number"
                min={5}
                max={300}
                value={draft.exceptions.noAnswer.afterSeconds}
                onChange={(e) => setException('noAnswer', { ...draft.exceptions.noAnswer!, afterSeconds: Number(e.target.value) })}
              />
            </label>
            <TargetEditor
              label={t('profile.exception.noAnswer.target')}
              value={draft.exceptions.noAnswer.target}
              onChange={(v) => setException('noAnswer', { ...draft.exceptions.noAnswer!, target: v })}
            />
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={draft.callWaiting} onChange={(e) => set('callWaiting', e.target.checked)} />
          {t('profile.field.callWaiting')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('profile.section.queues')}</legend>
        <div className="grid two">
          <label className="field">
            <span>{t('profile.queues.status')}</span>
            <select value={draft.queues.status} onChange={(e) => set('queues', { ...draft.queues, status: e.target.value as ProfileFields['queues']['status'] })}>
              <option value="unchanged">{t('profile.queues.unchanged')}</option>
              <option value="active">{t('profile.queues.active')}</option>
              <option value="paused">{t('profile.queues.paused')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('profile.queues.scope')}</span>
            <select value={draft.queues.scope} onChange={(e) => set('queues', { ...draft.queues, scope: e.target.value as 'all' | 'chosen' })}>
              <option value="all">{t('profile.queues.scope.all')}</option>
              <option value="chosen">{t('profile.queues.scope.chosen')}</option>
            </select>
          </label>
        </div>
        {draft.queues.scope === 'chosen' &&
          (props.queues.length > 0 ? (
            <div role="group" aria-label={t('profile.queues.chosen')} className="row wrap">
              {props.queues.map((queue) => (
                <label key={queue.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.queues.queueIds.includes(queue.id)}
                    onChange={(e) =>
                      set('queues', {
                        ...draft.queues,
                        queueIds: e.target.checked ? [...draft.queues.queueIds, queue.id] : draft.queues.queueIds.filter((q) => q !== queue.id),
                      })
                    }
                  />
                  {queue.name}
                </label>
              ))}
            </div>
          ) : (
            <label className="field">
              <span>{t('profile.queues.ids')}</span>
              <input
                defaultValue={draft.queues.queueIds.join(', ')}
                onChange={(e) => set('queues', { ...draft.queues, queueIds: e.target.value.split(',').map((q) => q.trim()).filter(Boolean) })}
              />
            </label>
          ))}
        <div role="group" aria-label={t('profile.queues.devices')} className="row wrap">
          {queueDevices.map((device) => (
            <label key={device} className="check">
              <input
                type="checkbox"
                checked={draft.queues.devices.includes(device)}
                onChange={(e) => {
                  const next = e.target.checked ? [...draft.queues.devices, device] : draft.queues.devices.filter((d) => d !== device);
                  if (next.length > 0) set('queues', { ...draft.queues, devices: next });
                }}
              />
              {t('profile.queues.device', { device: t(`device.${device}`) })}
            </label>
          ))}
        </div>
      </fieldset>

      <label className="check">
        <input type="checkbox" checked={draft.recording} onChange={(e) => set('recording', e.target.checked)} />
        {t('profile.field.recording')}
      </label>

      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <div className="row end">
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={saving}>
          {props.saveLabel ?? t('common.save')}
        </button>
      </div>
    </form>
  );
}
