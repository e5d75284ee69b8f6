import { useEffect, useState } from 'react';
import type { Application } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { deleteApplication, loadApplications, saveApplication } from '../../store/actions/destinations';
import { useT } from '../../i18n';

/** A new application (no `application`) or one to change or delete. */
function ApplicationForm(props: { application?: Application; onSaved?: () => void }) {
  const t = useT();
  const { application } = props;
  const [name, setName] = useState(application?.name ?? '');
  const [sipUri, setSipUri] = useState(application?.sipUri ?? '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        handled(async () => {
          if (await saveApplication(application?.id ?? null, name.trim(), sipUri.trim())) props.onSaved?.();
        })();
      }}
    >
      <div className="grid two">
        <label className="field">
          <span>{t('admin.applications.name')}</span>
          <input value={name} required maxLength={80} placeholder="Switchboard" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('admin.applications.sipUri')}</span>
          <input value={sipUri} required maxLength={200} placeholder="sip:ivr@example.com" pattern="sips?:.+" onChange={(e) => setSipUri(e.target.value)} />
        </label>
      </div>
      {application && (
        <p className="muted small">
          {application.usedBy.length > 0 ? t('admin.announcements.usedBy', { users: application.usedBy.join(', ') }) : t('admin.announcements.unused')}
        </p>
      )}
      <div className="row end wrap">
        {application && (
          <button type="button" className="danger small" onClick={handled(() => deleteApplication(application.id, application.name))}>
            {t('admin.applications.delete', { name: application.name })}
          </button>
        )}
        <button type="submit" className={application ? 'primary small' : 'primary'}>
          {application ? t('admin.applications.save', { name: application.name }) : t('admin.applications.add')}
        </button>
      </div>
    </form>
  );
}

/** Issue 11: the company's applications (an IVR, a switchboard) by name and SIP address. */
export function ApplicationsPanel() {
  const t = useT();
  const applications = useSoftphone((s) => s.admin.applications);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    void loadApplications();
  }, []);
  return (
    <section className="card" aria-labelledby="applications-title">
      <h3 id="applications-title">{t('admin.applications.title')}</h3>
      <p className="muted small">{t('admin.applications.hint')}</p>
      <ApplicationForm key={formKey} onSaved={() => setFormKey((k) => k + 1)} />
      {!applications ? (
        <p className="muted">{t('common.loading')}</p>
      ) : applications.length === 0 ? (
        <p className="muted empty">{t('admin.applications.empty')}</p>
      ) : (
        <ul className="destinations">
          {applications.map((application) => (
            <li key={`${application.id}-${application.updatedAt}`} className="destination">
              <ApplicationForm application={application} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
