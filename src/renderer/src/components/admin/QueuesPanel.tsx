import { useEffect, useState } from 'react';
import type { AdminQueue, AdminQueueMember, Device, User } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { loadQueues, loadUsers } from '../../store/actions/admin';
import { createQueue, deleteQueue, removeQueueMember, setQueueMember, updateQueue } from '../../store/actions/queuesAudit';
import { useT } from '../../i18n';
import { readableNumber } from '../../../../shared/people';

const DEVICES: readonly Device[] = ['softphone', 'deskphone', 'mobile'];

const displayName = (user: User | undefined, fallback: string): string => (user ? `${user.firstName} ${user.lastName}`.trim() || user.userName : fallback);

/** A new queue (no `queue`), or a queue's name and number to change. */
function QueueForm(props: { queue?: AdminQueue; onSaved?: () => void }) {
  const t = useT();
  const { queue } = props;
  const [name, setName] = useState(queue?.name ?? '');
  const [number, setNumber] = useState(queue?.number ?? '');
  const idPrefix = queue ? `queue-${queue.id}` : 'queue-new';
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        handled(async () => {
          const saved = queue ? await updateQueue(queue.id, name.trim(), number.trim()) : await createQueue(name.trim(), number.trim());
          if (saved) props.onSaved?.();
        })();
      }}
    >
      <div className="grid two">
        <label className="field">
          <span>{t('admin.queues.name')}</span>
          <input id={`${idPrefix}-name`} value={name} required maxLength={80} placeholder="Support" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('admin.queues.number')}</span>
          <input
            id={`${idPrefix}-number`}
            value={number}
            required
            maxLength={16}
            inputMode="tel"
            pattern="\+?[0-9]{2,15}"
            placeholder="+46850000300"
            title={t('admin.queues.numberHint')}
            onChange={(e) => setNumber(e.target.value.replace(/[\s-]/g, ''))}
          />
        </label>
      </div>
      {!queue && <p className="muted small">{t('admin.queues.numberHint')}</p>}
      <div className="row end wrap">
        <button type="submit" className={queue ? 'secondary small' : 'primary'}>
          {queue ? t('admin.queues.save') : t('admin.queues.add')}
        </button>
      </div>
    </form>
  );
}

/** Which devices ring for this member's queue calls: as their profile says, or the admin's choice. */
function MemberDevices(props: { queueId: string; member: AdminQueueMember; name: string }) {
  const t = useT();
  const { queueId, member, name } = props;
  const asProfile = member.devices === null;
  const chosen = member.devices ?? [];
  return (
    <fieldset className="queue-devices">
      <legend className="visually-hidden">{t('admin.queues.devicesFor', { name })}</legend>
      <label className="field inline">
        <input type="checkbox" checked={asProfile} onChange={handled(() => setQueueMember(queueId, member.userId, asProfile ? ['softphone'] : null))} />
        <span>{t('admin.queues.devicesProfile')}</span>
      </label>
      {!asProfile &&
        DEVICES.map((device) => (
          <label key={device} className="field inline">
            <input
              type="checkbox"
              checked={chosen.includes(device)}
              // at least one device rings
              disabled={chosen.length === 1 && chosen.includes(device)}
              onChange={handled(() => setQueueMember(queueId, member.userId, chosen.includes(device) ? chosen.filter((d) => d !== device) : [...chosen, device]))}
            />
            <span>{t(`device.${device}`)}</span>
          </label>
        ))}
    </fieldset>
  );
}

function QueueCard(props: { queue: AdminQueue; users: User[] }) {
  const t = useT();
  const countryCode = useSoftphone((s) => s.settings.countryCode);
  const { queue, users } = props;
  const [adding, setAdding] = useState('');
  const [confirming, setConfirming] = useState(false);
  const byId = new Map(users.map((u) => [u.id, u]));
  const candidates = users.filter((u) => !u.disabled && !queue.memberIds.includes(u.id));
  const paused = queue.members.filter((m) => m.status === 'paused').length;
  const titleId = `queue-${queue.id}-title`;
  return (
    <li className="card queue-card" aria-labelledby={titleId}>
      <div className="row spread wrap">
        <h4 id={titleId}>
          {queue.name} <span className="muted">{readableNumber(queue.number, countryCode)}</span>
        </h4>
        <div className="row wrap">
          {queue.mainNumber && <span className="pill ok">{t('admin.queues.mainNumber')}</span>}
          <span className={paused > 0 ? 'pill wait' : 'pill'} aria-live="polite">
            {t('admin.queues.pausedCount', { paused, total: queue.members.length })}
          </span>
        </div>
      </div>
      <QueueForm key={`${queue.name}-${queue.number}`} queue={queue} />
      <h5>{t('admin.queues.members')}</h5>
      {queue.members.length === 0 ? (
        <p className="muted small">{t('admin.queues.noMembers')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table queue-members">
            <thead>
              <tr>
                <th scope="col">{t('admin.queues.member')}</th>
                <th scope="col">{t('admin.queues.status')}</th>
                <th scope="col">{t('admin.queues.devices')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.queues.removeMember')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.members.map((member) => {
                const name = displayName(byId.get(member.userId), member.userId);
                return (
                  <tr key={member.userId} data-member={byId.get(member.userId)?.userName ?? member.userId}>
                    <th scope="row">{name}</th>
                    <td>
                      <span className={member.status === 'paused' ? 'pill wait' : 'pill ok'}>{t(member.status === 'paused' ? 'admin.queues.paused' : 'admin.queues.active')}</span>
                    </td>
                    <td>
                      <MemberDevices queueId={queue.id} member={member} name={name} />
                    </td>
                    <td>
                      <button type="button" className="danger small" aria-label={t('admin.queues.removeMemberOf', { name })} onClick={handled(() => removeQueueMember(queue.id, member.userId))}>
                        {t('admin.queues.removeMember')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          if (!adding) return;
          handled(async () => {
            await setQueueMember(queue.id, adding, null);
            setAdding('');
          })();
        }}
      >
        <label className="field inline">
          <span>{t('admin.queues.addMember')}</span>
          <select value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{t('admin.queues.pickUser')}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {displayName(u, u.userName)} ({u.userName})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary small" disabled={!adding}>
          {t('admin.queues.addMember')}
        </button>
      </form>
      <div className="row end wrap">
        {confirming ? (
          <>
            <span role="alert">{t('admin.queues.confirmDelete', { name: queue.name })}</span>
            <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="danger small"
              onClick={handled(async () => {
                setConfirming(false);
                await deleteQueue(queue.id, queue.name);
              })}
            >
              {t('admin.queues.delete')}
            </button>
          </>
        ) : (
          <button type="button" className="danger small" onClick={() => setConfirming(true)}>
            {t('admin.queues.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * Issue 13: the company's queues: create, rename, number, members and each member's queue
 * devices, delete; who is paused now, read again whenever a user of the company changes.
 */
export function QueuesPanel() {
  const t = useT();
  const queues = useSoftphone((s) => s.admin.queues);
  const users = useSoftphone((s) => s.admin.users);
  const companyChange = useSoftphone((s) => s.companyChange);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    void loadUsers();
  }, []);
  // On open, and live: a member paused or switched profile somewhere.
  useEffect(() => {
    void loadQueues();
  }, [companyChange]);
  return (
    <section className="card" aria-labelledby="queues-title">
      <h3 id="queues-title">{t('admin.queues')}</h3>
      <h4>{t('admin.queues.create')}</h4>
      <QueueForm key={formKey} onSaved={() => setFormKey((k) => k + 1)} />
      {!queues ? (
        <p className="muted">{t('common.loading')}</p>
      ) : queues.length === 0 ? (
        <p className="muted empty">{t('admin.queues.none')}</p>
      ) : (
        <ul className="queue-list">
          {queues.map((queue) => (
            <QueueCard key={queue.id} queue={queue} users={users ?? []} />
          ))}
        </ul>
      )}
    </section>
  );
}
