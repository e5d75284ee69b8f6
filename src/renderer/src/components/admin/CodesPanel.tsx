import { useEffect, useState } from 'react';
import { COMPANY_CODE_ACTIONS, type CompanyCodes } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { loadCodes, saveCodes } from '../../store/actions/destinations';
import { useT } from '../../i18n';

function CodesForm(props: { codes: CompanyCodes }) {
  const t = useT();
  const [draft, setDraft] = useState(props.codes);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        handled(() => saveCodes(draft))();
      }}
    >
      <div className="grid two">
        {COMPANY_CODE_ACTIONS.map((action) => (
          <label key={action} className="field">
            <span>{t(`admin.codes.label.${action}`)}</span>
            <input
              value={draft[action] ?? ''}
              inputMode="tel"
              pattern="\*[0-9]{1,4}"
              placeholder="*20"
              onChange={(e) => setDraft({ ...draft, [action]: e.target.value.trim() === '' ? null : e.target.value.trim() })}
            />
          </label>
        ))}
      </div>
      <div className="row end">
        <button type="submit" className="primary">
          {t('admin.codes.save')}
        </button>
      </div>
    </form>
  );
}

/** Issue 11: the company's feature codes, dialled from any of a user's phones. */
export function CodesPanel() {
  const t = useT();
  const codes = useSoftphone((s) => s.admin.codes);
  useEffect(() => {
    void loadCodes();
  }, []);
  return (
    <section className="card" aria-labelledby="codes-title">
      <h3 id="codes-title">{t('admin.codes.title')}</h3>
      <p className="muted small">{t('admin.codes.hint')}</p>
      {codes ? <CodesForm key={JSON.stringify(codes)} codes={codes} /> : <p className="muted">{t('common.loading')}</p>}
    </section>
  );
}
