import { useState } from 'react';
import type { Template } from '../../../../shared/model';
import { closeTemplate, saveTemplate } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { useT } from '../../i18n';
import { ProfileEditor } from '../profiles/ProfileEditor';
import { TemplateProfileList } from './template/TemplateProfileList';
import { moveTemplateProfile, newTemplateProfile, type TemplateProfile } from './template/templateProfiles';

/** One of the template's profiles in the full profile editor; "Done" keeps the change locally. */
function TemplateProfileEditor(props: { profile: TemplateProfile; onKeep: (profile: TemplateProfile) => void; onCancel: () => void }) {
  const t = useT();
  const { key, ...fields } = props.profile;
  return (
    <ProfileEditor
      title={t('admin.template.editProfile', { name: props.profile.name })}
      initial={fields}
      queues={[]}
      saveLabel={t('admin.template.keepProfile')}
      onCancel={props.onCancel}
      onSave={(next) => {
        props.onKeep({ ...next, key });
        return true;
      }}
    />
  );
}

/** Edits a template's name and profiles locally; "Save template" sends the whole template. */
export function TemplateEditor(props: { template: Template }) {
  const t = useT();
  const [name, setName] = useState(props.template.name);
  const [profiles, setProfiles] = useState(props.template.profiles);
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = profiles.find((p) => p.key === editingKey);
  const readOnly = props.template.builtIn;

  if (editing) {
    return (
      <TemplateProfileEditor
        key={editing.key}
        profile={editing}
        onCancel={() => setEditingKey(null)}
        onKeep={(kept) => {
          setProfiles((list) => list.map((p) => (p.key === kept.key ? kept : p)));
          setEditingKey(null);
        }}
      />
    );
  }

  return (
    <form
      className="template-editor"
      aria-labelledby="template-editor-title"
      onSubmit={handled(async (event) => {
        event.preventDefault();
        setSaving(true);
        await saveTemplate(props.template.id, name, profiles);
        setSaving(false);
      })}
    >
      <div className="row spread">
        <h3 id="template-editor-title">{t('admin.template.editing', { name: props.template.name })}</h3>
        <button type="button" className="secondary" onClick={closeTemplate}>
          {t('admin.template.back')}
        </button>
      </div>
      {readOnly && <p className="muted">{t('admin.template.builtInHint')}</p>}
      <label className="field">
        <span>{t('admin.template.name')}</span>
        <input value={name} disabled={readOnly} maxLength={80} onChange={(e) => setName(e.target.value)} />
      </label>
      <TemplateProfileList
        profiles={profiles}
        readOnly={readOnly}
        onMove={(index, by) => setProfiles(moveTemplateProfile(profiles, index, by))}
        onEdit={setEditingKey}
        onRemove={(key) => setProfiles(profiles.filter((p) => p.key !== key))}
      />
      {!readOnly && (
        <div className="row spread">
          <button
            type="button"
            className="secondary"
            disabled={profiles.length >= 30}
            onClick={() => {
              const added = newTemplateProfile(t('admin.template.newProfileName'));
              setProfiles([...profiles, added]);
              setEditingKey(added.key);
            }}
          >
            {t('admin.template.addProfile')}
          </button>
          <button type="submit" className="primary" disabled={saving || !name.trim()}>
            {t('admin.template.save')}
          </button>
        </div>
      )}
    </form>
  );
}
