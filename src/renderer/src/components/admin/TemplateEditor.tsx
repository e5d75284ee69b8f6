import { useState } from 'react';
import { ProfileFields, type Template } from '../../../../shared/model';
import { closeTemplate, saveTemplate } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { useT } from '../../i18n';
import { ProfileMark } from '../common/ProfileMark';
import { ProfileEditor } from '../profiles/ProfileEditor';

type TemplateProfile = Template['profiles'][number];

function newProfile(name: string): TemplateProfile {
  const fields = ProfileFields.parse({
    name,
    icon: 'check',
    colour: '#2f7d5b',
    type: 'available',
    availability: 'available',
    priority: 50,
    callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
    routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
    exceptions: {},
    queues: { status: 'unchanged', scope: 'all' },
  });
  return { ...fields, key: crypto.randomUUID() };
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

  const move = (index: number, by: number) => {
    const next = [...profiles];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    setProfiles(next);
  };

  if (editing) {
    const { key, ...fields } = editing;
    return (
      <ProfileEditor
        key={key}
        title={t('admin.template.editProfile', { name: editing.name })}
        initial={fields}
        queues={[]}
        saveLabel={t('admin.template.keepProfile')}
        onCancel={() => setEditingKey(null)}
        onSave={(next) => {
          setProfiles((list) => list.map((p) => (p.key === key ? { ...next, key } : p)));
          setEditingKey(null);
          return true;
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
      <ol className="template-profiles">
        {profiles.map((profile, index) => (
          <li key={profile.key} className="row spread">
            <span className="row">
              <ProfileMark icon={profile.icon} colour={profile.colour} />
              <span>
                {profile.name}
                {index === 0 && <span className="muted small"> · {t('admin.template.default')}</span>}
              </span>
            </span>
            {!readOnly && (
              <span className="row">
                <button type="button" className="secondary small" aria-label={t('admin.template.moveUp', { name: profile.name })} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="secondary small"
                  aria-label={t('admin.template.moveDown', { name: profile.name })}
                  disabled={index === profiles.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button type="button" className="secondary small" onClick={() => setEditingKey(profile.key)}>
                  {t('admin.template.edit', { name: profile.name })}
                </button>
                <button
                  type="button"
                  className="danger small"
                  disabled={profiles.length === 1}
                  onClick={() => setProfiles(profiles.filter((p) => p.key !== profile.key))}
                >
                  {t('admin.template.remove', { name: profile.name })}
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <div className="row spread">
          <button
            type="button"
            className="secondary"
            disabled={profiles.length >= 30}
            onClick={() => {
              const added = newProfile(t('admin.template.newProfileName'));
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
