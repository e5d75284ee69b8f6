import { useEffect, useId, useState } from 'react';
import type { ProfileFields, User, UserSnapshot } from '../../../../../shared/model';
import type { MassEditAnswer } from '../../../../../shared/admin-users-api';
import { useT } from '../../../i18n';
import { useSoftphone } from '../../../store/store';
import { handled } from '../../../store/actions/invoke';
import { loadUserSnapshot, previewMassEdit, runMassEdit } from '../../../store/actions/adminUsers';
import { MASS_EDIT_FIELDS, MassEditValue, type MassEditField } from './MassEditValue';

function Names(props: { title: string; ids: string[]; users: User[] }) {
  if (props.ids.length === 0) return null;
  const name = (id: string) => {
    const user = props.users.find((u) => u.id === id);
    return user ? `${user.firstName} ${user.lastName} (${user.userName})` : id;
  };
  return (
    <section aria-label={props.title}>
      <h4>{props.title}</h4>
      <ul>
        {props.ids.map((id) => (
          <li key={id}>{name(id)}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Seed 001's mass edit: for the chosen users, pick a profile (by name, as the first chosen user
 * has it) and a field, set the value, see who will change (the server's dry run), confirm.
 */
export function MassEdit(props: { userIds: string[]; onDone: () => void }) {
  const t = useT();
  const titleId = useId();
  const users = useSoftphone((s) => s.admin.users) ?? [];
  const queues = useSoftphone((s) => s.admin.queues) ?? [];
  const [sample, setSample] = useState<UserSnapshot | null>(null);
  const [profileName, setProfileName] = useState('');
  const [field, setField] = useState<MassEditField>('availability');
  const [draft, setDraft] = useState<ProfileFields | null>(null);
  const [preview, setPreview] = useState<MassEditAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = props.userIds[0];

  useEffect(() => {
    if (!first) return;
    void loadUserSnapshot(first).then((snapshot) => {
      if (!snapshot) return;
      setSample(snapshot);
      const profile = snapshot.profiles[0];
      if (profile) {
        const { id: _id, ...fields } = profile;
        setProfileName(profile.name);
        setDraft(fields);
      }
    });
  }, [first]);

  const changed = () => {
    setPreview(null);
    setError(null);
  };
  const edit = () => ({ userIds: props.userIds, profileName, field, value: draft?.[field] });
  const willChange = preview ? preview.changed.filter((id) => !preview.alreadySet.includes(id)) : [];

  return (
    <form
      className="card mass-edit"
      aria-labelledby={titleId}
      onSubmit={handled(async (event) => {
        event.preventDefault();
        if (!preview) {
          setPreview((await previewMassEdit(edit(), setError)) ?? null);
          return;
        }
        if (await runMassEdit(edit(), setError)) props.onDone();
      })}
    >
      <h3 id={titleId}>{t('admin.massEdit.title', { n: props.userIds.length })}</h3>
      {!sample ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="grid two">
          <label className="field">
            <span>{t('admin.massEdit.profile')}</span>
            <select
              value={profileName}
              onChange={(e) => {
                const profile = sample.profiles.find((p) => p.name === e.target.value);
                if (profile) {
                  const { id: _id, ...fields } = profile;
                  setDraft(fields);
                }
                setProfileName(e.target.value);
                changed();
              }}
            >
              {sample.profiles.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.massEdit.field')}</span>
            <select
              value={field}
              onChange={(e) => {
                setField(e.target.value as MassEditField);
                changed();
              }}
            >
              {MASS_EDIT_FIELDS.map(([key, label]) => (
                <option key={key} value={key}>
                  {t(label)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {draft && (
        <MassEditValue
          field={field}
          draft={draft}
          queues={queues}
          onChange={(key, value) => {
            setDraft({ ...draft, [key]: value });
            changed();
          }}
        />
      )}
      {preview && (
        <div className="mass-edit-preview" role="region" aria-label={t('admin.massEdit.preview')}>
          <Names title={t('admin.massEdit.willChange', { n: willChange.length })} ids={willChange} users={users} />
          <Names title={t('admin.massEdit.alreadySet', { n: preview.alreadySet.length })} ids={preview.alreadySet} users={users} />
          <Names title={t('admin.massEdit.noSuchProfile', { n: preview.skipped.length, name: profileName })} ids={preview.skipped} users={users} />
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!draft || (preview !== null && willChange.length === 0)}>
          {preview ? t('admin.massEdit.confirm', { n: willChange.length }) : t('admin.massEdit.preview')}
        </button>
      </div>
    </form>
  );
}
