import { useState } from 'react';
import { useT } from '../../../i18n';
import { Modal } from '../../common/Modal';
import type { TemplateProfile } from './templateProfiles';

/** Applying with unsaved edits (issue 13): save first and apply, discard and apply, or cancel. */
export function UnsavedChangesDialog(props: { name: string; busy: boolean; onSaveAndApply: () => void; onDiscardAndApply: () => void; onCancel: () => void }) {
  const t = useT();
  return (
    <Modal labelledBy="unsaved-title" describedBy="unsaved-body" role="alertdialog" onCancel={props.onCancel}>
      <h2 id="unsaved-title">{t('admin.template.unsaved.title')}</h2>
      <p id="unsaved-body">{t('admin.template.unsaved.body', { name: props.name })}</p>
      <div className="row end wrap">
        <button type="button" className="secondary" onClick={props.onCancel} data-autofocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="secondary" disabled={props.busy} onClick={props.onDiscardAndApply}>
          {t('admin.template.unsaved.discardApply')}
        </button>
        <button type="button" className="primary" disabled={props.busy} onClick={props.onSaveAndApply}>
          {t('admin.template.unsaved.saveApply')}
        </button>
      </div>
    </Modal>
  );
}

/** Removing the default (first) profile (issue 13): which of the others takes its place. */
export function DefaultRemovalDialog(props: { removing: TemplateProfile; others: TemplateProfile[]; onConfirm: (newDefaultKey: string) => void; onCancel: () => void }) {
  const t = useT();
  const [chosen, setChosen] = useState(props.others[0]?.key ?? '');
  return (
    <Modal labelledBy="default-removal-title" describedBy="default-removal-body" onCancel={props.onCancel}>
      <h2 id="default-removal-title">{t('admin.template.defaultRemoval.title')}</h2>
      <p id="default-removal-body">{t('admin.template.defaultRemoval.body', { name: props.removing.name })}</p>
      <fieldset>
        <legend>{t('admin.template.defaultRemoval.choose')}</legend>
        {props.others.map((profile, index) => (
          <label key={profile.key} className="check">
            <input type="radio" name="new-default" value={profile.key} checked={chosen === profile.key} onChange={() => setChosen(profile.key)} data-autofocus={index === 0 ? true : undefined} />
            {profile.name}
          </label>
        ))}
      </fieldset>
      <div className="row end wrap">
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" disabled={chosen === ''} onClick={() => props.onConfirm(chosen)}>
          {t('admin.template.defaultRemoval.confirm', { name: props.removing.name })}
        </button>
      </div>
    </Modal>
  );
}
