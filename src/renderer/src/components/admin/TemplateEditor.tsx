import { useState } from 'react';
import type { Template } from '../../../../shared/model';
import { closeTemplate, saveTemplate } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { useT } from '../../i18n';
import { ProfileEditor } from '../profiles/ProfileEditor';
import { TemplateProfileList } from './template/TemplateProfileList';
import { DefaultRemovalDialog, UnsavedChangesDialog } from './template/TemplateDialogs';
import { TemplateInWords } from './template/TemplateInWords';
import { moveTemplateProfile, newTemplateProfile, removeTemplateProfile, type TemplateProfile } from './template/templateProfiles';

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

/**
 * Edits a template's name and profiles locally; "Save template" sends the whole template.
 * Applying with unsaved edits asks first (save and apply, discard and apply, cancel); removing
 * the default profile asks which one takes its place; a built-in template is shown in words,
 * to clone or apply (issue 13).
 */
export function TemplateEditor(props: { template: Template; onApply: () => void; onClone: () => void }) {
  const t = useT();
  const [name, setName] = useState(props.template.name);
  const [profiles, setProfiles] = useState(props.template.profiles);
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [askUnsaved, setAskUnsaved] = useState(false);
  const [removingDefault, setRemovingDefault] = useState<TemplateProfile | null>(null);
  const [showWords, setShowWords] = useState(false);
  const editing = profiles.find((p) => p.key === editingKey);
  const readOnly = props.template.builtIn;
  const dirty = !readOnly && (name !== props.template.name || JSON.stringify(profiles) !== JSON.stringify(props.template.profiles));

  const apply = () => {
    if (dirty) setAskUnsaved(true);
    else props.onApply();
  };
  const saveAndApply = async () => {
    setSaving(true);
    const saved = await saveTemplate(props.template.id, name, profiles);
    setSaving(false);
    if (!saved) return;
    setAskUnsaved(false);
    props.onApply();
  };
  const discardAndApply = () => {
    setName(props.template.name);
    setProfiles(props.template.profiles);
    setAskUnsaved(false);
    props.onApply();
  };
  const remove = (key: string) => {
    const index = profiles.findIndex((p) => p.key === key);
    if (index === 0 && profiles.length > 1) setRemovingDefault(profiles[0] ?? null);
    else setProfiles(removeTemplateProfile(profiles, key, null));
  };

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
        onRemove={remove}
      />
      {readOnly ? (
        <TemplateInWords profiles={profiles} />
      ) : (
        <details onToggle={(e) => setShowWords(e.currentTarget.open)}>
          <summary>{t('admin.template.inWords')}</summary>
          {showWords && <TemplateInWords profiles={profiles} />}
        </details>
      )}
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
      <div className="row end wrap">
        {readOnly && (
          <button type="button" className="secondary" onClick={props.onClone}>
            {t('admin.templates.clone', { name: props.template.name })}
          </button>
        )}
        <button type="button" className="primary" onClick={apply}>
          {t('admin.templates.apply', { name: props.template.name })}
        </button>
      </div>
      {askUnsaved && (
        <UnsavedChangesDialog
          name={props.template.name}
          busy={saving}
          onSaveAndApply={() => void saveAndApply()}
          onDiscardAndApply={discardAndApply}
          onCancel={() => setAskUnsaved(false)}
        />
      )}
      {removingDefault && (
        <DefaultRemovalDialog
          removing={removingDefault}
          others={profiles.filter((p) => p.key !== removingDefault.key)}
          onCancel={() => setRemovingDefault(null)}
          onConfirm={(newDefaultKey) => {
            setProfiles(removeTemplateProfile(profiles, removingDefault.key, newDefaultKey));
            setRemovingDefault(null);
          }}
        />
      )}
    </form>
  );
}
