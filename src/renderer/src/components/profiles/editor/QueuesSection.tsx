import type { Device, QueuePolicy } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { useEditorContext, useFieldProblem } from './problems';

const queueDevices: Device[] = ['softphone', 'mobile', 'deskphone'];

/** Queue status while the profile is in effect, which queues it applies to, and which devices ring. */
export function QueuesSection(props: {
  value: QueuePolicy;
  queues: { id: string; name: string }[];
  onChange: (value: QueuePolicy) => void;
}) {
  const t = useT();
  const { value, onChange } = props;
  const { account } = useEditorContext();
  const chosenProblem = useFieldProblem('queues.queueIds');
  const devicesProblem = useFieldProblem('queues.devices');
  return (
    <fieldset>
      <legend>{t('profile.section.queues')}</legend>
      <div className="grid two">
        <label className="field">
          <span>{t('profile.queues.status')}</span>
          <select
            value={value.status}
            onChange={(e) =>
              onChange({ ...value, status: e.target.value as QueuePolicy['status'] })
            }
          >
            <option value="unchanged">{t('profile.queues.unchanged')}</option>
            <option value="active">{t('profile.queues.active')}</option>
            <option value="paused">{t('profile.queues.paused')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('profile.queues.scope')}</span>
          <select
            value={value.scope}
            onChange={(e) => onChange({ ...value, scope: e.target.value as 'all' | 'chosen' })}
          >
            <option value="all">{t('profile.queues.scope.all')}</option>
            <option value="chosen">{t('profile.queues.scope.chosen')}</option>
          </select>
        </label>
      </div>
      {value.scope === 'chosen' &&
        (props.queues.length > 0 ? (
          <div
            role="group"
            aria-label={t('profile.queues.chosen')}
            className="row wrap"
            {...chosenProblem.controlProps}
          >
            {props.queues.map((queue) => (
              <label key={queue.id} className="check">
                <input
                  type="checkbox"
                  checked={value.queueIds.includes(queue.id)}
                  onChange={(e) =>
                    onChange({
                      ...value,
                      queueIds: e.target.checked
                        ? [...value.queueIds, queue.id]
                        : value.queueIds.filter((q) => q !== queue.id),
                    })
                  }
                />
                {queue.name}
              </label>
            ))}
          </div>
        ) : (
          <label className="field">
            <span>{t('profile.queues.ids')}</span>
            <input
              defaultValue={value.queueIds.join(', ')}
              onChange={(e) =>
                onChange({
                  ...value,
                  queueIds: e.target.value
                    .split(',')
                    .map((q) => q.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
        ))}
      {value.scope === 'chosen' && chosenProblem.message}
      <div
        role="group"
        aria-label={t('profile.queues.devices')}
        className="row wrap"
        {...devicesProblem.controlProps}
      >
        {queueDevices
          .filter(
            (device) =>
              device !== 'mobile' || account.hasMobile || value.devices.includes('mobile'),
          )
          .map((device) => (
            <label key={device} className="check">
              <input
                type="checkbox"
                checked={value.devices.includes(device)}
                onChange={(e) => {
                  const next = e.target.checked
                    ? [...value.devices, device]
                    : value.devices.filter((d) => d !== device);
                  if (next.length > 0) onChange({ ...value, devices: next });
                }}
              />
              {t('profile.queues.device', { device: t(`device.${device}`) })}
            </label>
          ))}
      </div>
      {devicesProblem.message}
    </fieldset>
  );
}
