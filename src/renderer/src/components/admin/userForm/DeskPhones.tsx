import { useEffect, useState } from 'react';
import type { DeskPhone, DeskPhoneCredentials } from '../../../../../shared/server-api';
import { useT } from '../../../i18n';
import { handled, invoke } from '../../../store/actions/invoke';
import { Modal } from '../../common/Modal';

/** What to type into the phone, as one text for the clipboard. */
function credentialsText(c: DeskPhoneCredentials, t: ReturnType<typeof useT>): string {
  return [
    `${t('admin.desk.sipUser')}: ${c.device.sipUser}`,
    `${t('admin.desk.password')}: ${c.password}`,
    `${t('admin.desk.domain')}: ${c.domain}`,
    `${t('admin.desk.pbxAddress')}: ${c.pbxAddress ?? t('admin.desk.pbxAddressUnknown')}`,
    `${t('admin.desk.transport')}: ${c.transport.toUpperCase()}`,
  ].join('\n');
}

/** The new credentials, shown once with a copy button. */
function CredentialsDialog(props: { credentials: DeskPhoneCredentials; onClose: () => void }) {
  const t = useT();
  const c = props.credentials;
  const [copied, setCopied] = useState(false);
  // [term, value, whether the value is something to type (code) or words]
  const rows: [string, string, boolean][] = [
    [t('admin.desk.sipUser'), c.device.sipUser, true],
    [t('admin.desk.password'), c.password, true],
    [t('admin.desk.domain'), c.domain, true],
    [
      t('admin.desk.pbxAddress'),
      c.pbxAddress ?? t('admin.desk.pbxAddressUnknown'),
      c.pbxAddress !== null,
    ],
    [t('admin.desk.transport'), c.transport.toUpperCase(), true],
  ];
  return (
    <Modal
      labelledBy="desk-credentials-title"
      describedBy="desk-credentials-once"
      onCancel={props.onClose}
    >
      <h3 id="desk-credentials-title">
        {t('admin.desk.credentialsTitle', { label: c.device.label })}
      </h3>
      <p id="desk-credentials-once">{t('admin.desk.shownOnce')}</p>
      <dl className="credentials">
        {rows.map(([term, value, typed]) => (
          <div key={term} className="row">
            <dt>{term}</dt>
            <dd>{typed ? <code>{value}</code> : <span className="muted">{value}</span>}</dd>
          </div>
        ))}
      </dl>
      <p role="status">{copied ? t('admin.desk.copied') : ''}</p>
      <div className="row end">
        <button
          type="button"
          className="secondary"
          onClick={handled(async () => {
            await navigator.clipboard.writeText(credentialsText(c, t));
            setCopied(true);
          })}
        >
          {t('admin.desk.copy')}
        </button>
        <button type="button" className="primary" data-autofocus onClick={props.onClose}>
          {t('admin.desk.done')}
        </button>
      </div>
    </Modal>
  );
}

/** A user's desk phones in the admin's user form: add one, give one a new password, remove one. */
export function DeskPhones(props: { userId: string }) {
  const t = useT();
  const { userId } = props;
  const [phones, setPhones] = useState<DeskPhone[] | null>(null);
  const [label, setLabel] = useState('');
  const [shown, setShown] = useState<DeskPhoneCredentials | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const reload = async () => {
    const list = await invoke('admin.devices.list', { userId });
    if (list) setPhones(list);
  };
  useEffect(() => {
    let live = true;
    void invoke('admin.devices.list', { userId }).then((list) => {
      if (live && list) setPhones(list);
    });
    return () => {
      live = false;
    };
  }, [userId]);

  const add = handled(async () => {
    const created = await invoke('admin.devices.create', { userId, label: label.trim() });
    if (!created) return;
    setLabel('');
    setShown(created);
    await reload();
  });
  const rotate = (deviceId: string) =>
    handled(async () => {
      const rotated = await invoke('admin.devices.rotate', { userId, deviceId });
      if (rotated) setShown(rotated);
      await reload();
    });
  const remove = (deviceId: string) =>
    handled(async () => {
      setRemoving(null);
      await invoke('admin.devices.remove', { userId, deviceId });
      await reload();
    });

  return (
    <section className="card desk-phones" aria-labelledby="desk-phones-title">
      <h3 id="desk-phones-title">{t('admin.desk.title')}</h3>
      {phones === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : phones.length === 0 ? (
        <p className="muted">{t('admin.desk.none')}</p>
      ) : (
        <ul className="plain">
          {phones.map((phone) => (
            <li key={phone.id} className="row wrap">
              <span className="desk-name">
                {phone.label} <code>{phone.sipUser}</code>
              </span>
              <span className="row wrap">
                <button
                  type="button"
                  className="secondary small"
                  aria-label={t('admin.desk.rotate', { label: phone.label })}
                  onClick={rotate(phone.id)}
                >
                  {t('admin.desk.rotateShort')}
                </button>
                {removing === phone.id ? (
                  <button type="button" className="danger small" onClick={remove(phone.id)}>
                    {t('admin.desk.confirmRemove', { label: phone.label })}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={t('admin.desk.remove', { label: phone.label })}
                    onClick={() => setRemoving(phone.id)}
                  >
                    {t('admin.desk.removeShort')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="row wrap add-desk">
        <label className="field">
          <span>{t('admin.desk.label')}</span>
          <input value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button type="button" className="primary" disabled={!label.trim()} onClick={add}>
          {t('admin.desk.add')}
        </button>
      </div>
      {shown && <CredentialsDialog credentials={shown} onClose={() => setShown(null)} />}
    </section>
  );
}
