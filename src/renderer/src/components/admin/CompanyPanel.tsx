import { useState } from 'react';
import type { CompanySettings } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { updateCompany } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { useT } from '../../i18n';
import { MainNumberRouteField } from './MainNumberRouteField';
import { CountryField } from './CountryField';
import { SitesPanel } from './SitesPanel';
import { DEFAULT_COUNTRY } from '../../../../shared/phone';

type Labels = CompanySettings['customFieldLabels'];

function CompanyForm(props: { settings: CompanySettings; mainNumber: string | null }) {
  const t = useT();
  const [draft, setDraft] = useState(props.settings);
  const [error, setError] = useState<string | null>(null);
  const setLabel = (index: number, value: string) => {
    const labels = [...draft.customFieldLabels] as Labels;
    labels[index] = value.trim() === '' ? null : value;
    setDraft({ ...draft, customFieldLabels: labels });
  };
  return (
    <form
      className="card"
      aria-labelledby="company-title"
      onSubmit={handled(async (event) => {
        event.preventDefault();
        setError(null);
        await updateCompany(draft, setError);
      })}
    >
      <h3 id="company-title">{t('admin.company.title')}</h3>
      <MainNumberRouteField
        mainNumber={props.mainNumber}
        value={draft.mainNumberRoute}
        onChange={(mainNumberRoute) => setDraft({ ...draft, mainNumberRoute })}
      />
      <CountryField value={draft.country ?? DEFAULT_COUNTRY} onChange={(country) => setDraft({ ...draft, country })} />
      <fieldset>
        <legend>{t('admin.company.customFields')}</legend>
        {[0, 1, 2].map((index) => (
          <label key={index} className="field">
            <span>{t('admin.users.customN', { n: index + 1 })}</span>
            <input
              value={draft.customFieldLabels[index] ?? ''}
              maxLength={40}
              onChange={(e) => setLabel(index, e.target.value)}
            />
          </label>
        ))}
      </fieldset>
      <div className="grid two">
        <label className="field">
          <span>{t('admin.company.registration')}</span>
          <select
            value={draft.registration}
            onChange={(e) =>
              setDraft({
                ...draft,
                registration: e.target.value as CompanySettings['registration'],
              })
            }
          >
            <option value="open">{t('admin.company.registration.open')}</option>
            <option value="disabled">{t('admin.company.registration.disabled')}</option>
          </select>
        </label>
        {(['registrationRole', 'invitationRole'] as const).map((key) => (
          <label key={key} className="field">
            <span>{t(`admin.company.${key}`)}</span>
            <select
              value={draft[key]}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value as CompanySettings[typeof key] })}
            >
              {/* self-registration never makes administrators */}
              {(key === 'registrationRole' ? (['guest', 'user'] as const) : (['guest', 'user', 'admin'] as const)).map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <label className="field number-field">
        <span>{t('admin.company.recordingRetentionDays')}</span>
        <input
          type="number"
          min={1}
          max={3650}
          required
          value={draft.recordingRetentionDays}
          onChange={(e) =>
            setDraft({ ...draft, recordingRetentionDays: Math.trunc(Number(e.target.value)) })
          }
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.requireConfirmation}
          onChange={(e) => setDraft({ ...draft, requireConfirmation: e.target.checked })}
        />
        {t('admin.company.requireConfirmation')}
      </label>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

/** Company-wide user settings: country, custom field labels, self-registration and default roles; the sites. */
export function CompanyPanel() {
  const t = useT();
  const company = useSoftphone((s) => s.admin.company);
  if (!company) return <p className="muted">{t('common.loading')}</p>;
  return (
    <>
      <CompanyForm key={JSON.stringify(company.settings)} settings={company.settings} mainNumber={company.mainNumber} />
      <SitesPanel />
    </>
  );
}
