import { useState } from 'react';
import type { Template } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { applyTemplate } from '../../store/actions/admin';
import { useT } from '../../i18n';
import { Modal } from '../common/Modal';
import { ApplyPreview } from './template/ApplyPreview';

/**
 * Choose users (or all), see per user what will change (the server's dry run of this apply),
 * and confirm the overwrite; the apply button stays disabled until the confirmation box is ticked.
 */
export function ApplyTemplate(props: { template: Pick<Template, 'id' | 'name'>; onClose: () => void }) {
  const t = useT();
  const users = useSoftphone((s) => s.admin.users) ?? [];
  const enabled = users.filter((u) => !u.disabled);
  const [all, setAll] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const affected = all ? enabled : enabled.filter((u) => chosen.has(u.id));

  const apply = async () => {
    setBusy(true);
    const ok = await applyTemplate(props.template.id, all ? 'all' : affected.map((u) => u.id));
    setBusy(false);
    if (ok) props.onClose();
  };

  return (
    <Modal labelledBy="apply-title" onCancel={props.onClose} className="wide">
      <h2 id="apply-title">{t('admin.apply.title', { name: props.template.name })}</h2>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-autofocus />
        {t('admin.apply.allUsers', { n: enabled.length })}
      </label>
      {!all && (
        <fieldset className="user-choice">
          <legend>{t('admin.apply.chooseUsers')}</legend>
          {enabled.map((user) => (
            <label key={user.id} className="check">
              <input
                type="checkbox"
                checked={chosen.has(user.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(user.id);
                  else next.delete(user.id);
                  setChosen(next);
                }}
              />
              {user.firstName} {user.lastName} ({user.userName})
            </label>
          ))}
        </fieldset>
      )}
      <section className="preview" aria-labelledby="apply-preview-title" aria-live="polite">
        <h3 id="apply-preview-title">{t('admin.apply.preview', { n: affected.length })}</h3>
        <ApplyPreview templateId={props.template.id} userIds={affected.length === 0 ? null : all ? 'all' : affected.map((u) => u.id)} />
      </section>
      <label className="check warning">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        {t('admin.apply.confirm', { n: affected.length })}
      </label>
      <div className="row end">
        <button type="button" className="secondary" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" disabled={!confirmed || affected.length === 0 || busy} onClick={() => void apply()}>
          {t('admin.apply.submit')}
        </button>
      </div>
    </Modal>
  );
}
