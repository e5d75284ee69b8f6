import { useState } from 'react';
import { useT } from '../../../i18n';
import { useSoftphone } from '../../../store/store';
import { addProfileFor } from '../../../store/actions/adminUsers';
import { ProfileEditor } from '../../profiles/ProfileEditor';
import { newTemplateProfile } from '../template/templateProfiles';

/** Seed 001: "create a new profile for everyone in the company" (or for the chosen users). */
export function AddProfile(props: { selected: string[]; onDone: () => void }) {
  const t = useT();
  const queues = useSoftphone((s) => s.admin.queues) ?? [];
  const [scope, setScope] = useState<'all' | 'selected'>(props.selected.length > 0 ? 'selected' : 'all');
  const [error, setError] = useState<string | null>(null);
  const [initial] = useState(() => {
    const { key: _key, ...fields } = newTemplateProfile(t('admin.template.newProfileName'));
    return fields;
  });
  return (
    <section className="card add-profile" aria-label={t('admin.addProfile.title')}>
      <fieldset className="row wrap">
        <legend>{t('admin.addProfile.who')}</legend>
        <label className="check">
          <input type="radio" name="add-profile-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
          {t('admin.addProfile.everyone')}
        </label>
        <label className="check">
          <input type="radio" name="add-profile-scope" disabled={props.selected.length === 0} checked={scope === 'selected'} onChange={() => setScope('selected')} />
          {t('admin.addProfile.selected', { n: props.selected.length })}
        </label>
      </fieldset>
      <ProfileEditor
        title={t('admin.addProfile.title')}
        initial={initial}
        queues={queues}
        saveLabel={t('admin.addProfile.save')}
        onCancel={props.onDone}
        onSave={async (fields) => {
          setError(null);
          const done = await addProfileFor(scope === 'all' ? 'all' : props.selected, fields, setError);
          if (done) props.onDone();
          return done;
        }}
      />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
