import { useEffect } from 'react';
import type { MainNumberRoute } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { loadQueues } from '../../store/actions/admin';
import { useT } from '../../i18n';

const encode = (route: MainNumberRoute | undefined): string => {
  if (!route || route.kind === 'nobody') return 'nobody';
  if (route.kind === 'queue') return `queue:${route.queueId}`;
  if (route.kind === 'user') return `user:${route.userId}`;
  return `application:${route.applicationId}`;
};

function decode(value: string): MainNumberRoute {
  const [kind, id = ''] = value.split(/:(.*)/s);
  if (kind === 'queue') return { kind, queueId: id };
  if (kind === 'user') return { kind, userId: id };
  if (kind === 'application') return { kind, applicationId: id };
  return { kind: 'nobody' };
}

/** Where calls to the company's main number go: a queue, a user, an application or nobody (issue 11). */
export function MainNumberRouteField(props: { mainNumber: string | null; value: MainNumberRoute | undefined; onChange: (route: MainNumberRoute) => void }) {
  const t = useT();
  const queues = useSoftphone((s) => s.admin.queues);
  const users = useSoftphone((s) => s.admin.users);
  const applications = useSoftphone((s) => s.ui.destinations?.applications ?? null);
  useEffect(() => {
    void loadQueues();
  }, []);
  const value = encode(props.value);
  const options = [
    ...(queues ?? []).map((q) => `queue:${q.id}`),
    ...(users ?? []).filter((u) => !u.disabled).map((u) => `user:${u.id}`),
    ...(applications ?? []).map((a) => `application:${a.id}`),
  ];
  // Lists not loaded yet: keep the choice; loaded and it is missing: say so.
  const gone = value !== 'nobody' && queues !== null && users !== null && applications !== null && !options.includes(value);
  return (
    <label className="field">
      <span>{t('admin.company.mainNumberRoute', { number: props.mainNumber ?? '—' })}</span>
      <select value={value} onChange={(e) => props.onChange(decode(e.target.value))}>
        <option value="nobody">{t('admin.company.mainNumberRoute.nobody')}</option>
        {gone && <option value={value}>{t('admin.company.mainNumberRoute.gone')}</option>}
        {!gone && value !== 'nobody' && !options.includes(value) && <option value={value}>{t('common.loading')}</option>}
        <optgroup label={t('admin.company.mainNumberRoute.queues')}>
          {(queues ?? []).map((q) => (
            <option key={q.id} value={`queue:${q.id}`}>{`${q.name} (${q.number})`}</option>
          ))}
        </optgroup>
        <optgroup label={t('admin.company.mainNumberRoute.users')}>
          {(users ?? [])
            .filter((u) => !u.disabled)
            .map((u) => (
              <option key={u.id} value={`user:${u.id}`}>{`${u.firstName} ${u.lastName}`.trim() || u.userName}</option>
            ))}
        </optgroup>
        <optgroup label={t('admin.company.mainNumberRoute.applications')}>
          {(applications ?? []).map((a) => (
            <option key={a.id} value={`application:${a.id}`}>{a.name}</option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
