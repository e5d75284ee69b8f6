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

/**
 * The template whose profiles new users get; "None" allowed. Unset, it is the company's first
 * built-in template (the server's default, the one applied when the company was created).
 */
function NewUserTemplateField(props: { value: string | null | undefined; onChange: (id: string | null) => void }) {
  const t = useT();
  const templates = useSoftphone((s) => s.admin.templates) ?? [];
  const value = props.value === undefined ? (templates.find((x) => x.builtIn)?.id ?? '') : (props.value ?? '');
  return (
    <div className="field">
      <label htmlFor="company-new-user-template">{t('admin.company.newUserTemplate')}</label>
      <select
        id="company-new-user-template"
        name="newUserTemplateId"
        value={value}
        aria-describedby="company-new-user-template-hint"
        onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">{t('admin.company.newUserTemplate.none')}</option>
        {templates.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
      </select>
      <p id="company-new-user-template-hint" className="muted small">
        {t('admin.company.newUserTemplate.hint')}
      </p>
    </div>
  );
}

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
      <NewUserTemplateField value={draft.newUserTemplateId} onChange={(newUserTemplateId) => setDraft({ ...draft, newUserTemplateId })} />
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
