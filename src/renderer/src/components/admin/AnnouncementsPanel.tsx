import { useEffect, useState } from 'react';
import { ANNOUNCEMENT_MAX_SECONDS, type Announcement, type AnnouncementAfterwards } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { announcementUrl, createAnnouncement, deleteAnnouncement, loadAnnouncements, updateAnnouncement } from '../../store/actions/destinations';
import { useT } from '../../i18n';

function AfterwardsSelect(props: { value: AnnouncementAfterwards; onChange: (value: AnnouncementAfterwards) => void }) {
  const t = useT();
  return (
    <label className="field">
      <span>{t('admin.announcements.afterwards')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as AnnouncementAfterwards)}>
        <option value="end">{t('admin.announcements.afterwards.end')}</option>
        <option value="voicemail">{t('admin.announcements.afterwards.voicemail')}</option>
      </select>
    </label>
  );
}

/** One announcement: rename, what follows, replace the audio, listen, delete. */
function AnnouncementRow(props: { announcement: Announcement }) {
  const t = useT();
  const { announcement } = props;
  const [name, setName] = useState(announcement.name);
  const [afterwards, setAfterwards] = useState(announcement.afterwards);
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  const used = announcement.usedBy.length > 0;
  return (
    <li className="destination">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          handled(() => updateAnnouncement(announcement.id, name.trim(), afterwards, file))();
        }}
      >
        <div className="grid two">
          <label className="field">
            <span>{t('admin.announcements.name')}</span>
            <input value={name} required maxLength={80} onChange={(e) => setName(e.target.value)} />
          </label>
          <AfterwardsSelect value={afterwards} onChange={setAfterwards} />
        </div>
        <label className="field">
          <span>{t('admin.announcements.file')}</span>
          <input type="file" accept=".wav,audio/wav,audio/x-wav" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <p className="muted small">
          {t('admin.announcements.length', { seconds: Math.round(announcement.durationSeconds * 10) / 10 })} ·{' '}
          {used ? t('admin.announcements.usedBy', { users: announcement.usedBy.join(', ') }) : t('admin.announcements.unused')}
        </p>
        <div className="row end wrap">
          {url ? (
            <audio controls autoPlay src={url} aria-label={announcement.name} />
          ) : (
            <button type="button" className="secondary small" onClick={handled(async () => setUrl(await announcementUrl(announcement.id)))}>
              ▶ {t('recording.play')}
            </button>
          )}
          <button type="button" className="danger small" onClick={handled(() => deleteAnnouncement(announcement.id, announcement.name))}>
            {t('admin.announcements.delete', { name: announcement.name })}
          </button>
          <button type="submit" className="primary small">
            {t('admin.announcements.save', { name: announcement.name })}
          </button>
        </div>
      </form>
    </li>
  );
}

/** Issue 11: the company's announcements ("Closed for lunch"), which profiles play by name. */
export function AnnouncementsPanel() {
  const t = useT();
  const announcements = useSoftphone((s) => s.admin.announcements);
  const [name, setName] = useState('');
  const [afterwards, setAfterwards] = useState<AnnouncementAfterwards>('end');
  const [file, setFile] = useState<File | null>(null);
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    void loadAnnouncements();
  }, []);

  return (
    <section className="card" aria-labelledby="announcements-title">
      <h3 id="announcements-title">{t('admin.announcements.title')}</h3>
      <p className="muted small">{t('admin.announcements.hint', { max: ANNOUNCEMENT_MAX_SECONDS })}</p>
      <form
        key={formKey}
        className="destination-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          handled(async () => {
            if (await createAnnouncement(name.trim(), afterwards, file)) {
              setName('');
              setFile(null);
              setFormKey((k) => k + 1);
            }
          })();
        }}
      >
        <div className="grid two">
          <label className="field">
            <span>{t('admin.announcements.name')}</span>
            <input value={name} required maxLength={80} placeholder="Closed for lunch" onChange={(e) => setName(e.target.value)} />
          </label>
          <AfterwardsSelect value={afterwards} onChange={setAfterwards} />
        </div>
        <label className="field">
          <span>{t('admin.announcements.file')}</span>
          <input type="file" required accept=".wav,audio/wav,audio/x-wav" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <div className="row end">
          <button type="submit" className="primary">
            {t('admin.announcements.add')}
          </button>
        </div>
      </form>
      {!announcements ? (
        <p className="muted">{t('common.loading')}</p>
      ) : announcements.length === 0 ? (
        <p className="muted empty">{t('admin.announcements.empty')}</p>
      ) : (
        <ul className="destinations">
          {announcements.map((announcement) => (
            <AnnouncementRow key={`${announcement.id}-${announcement.updatedAt}`} announcement={announcement} />
          ))}
        </ul>
      )}
    </section>
  );
}
