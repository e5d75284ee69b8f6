import type { Device, RingLeg } from '../../../../shared/model';
import { useT } from '../../i18n';

const devices: Device[] = ['softphone', 'mobile', 'deskphone'];

/** Which devices ring and after how many seconds each; at least one device always stays. */
export function RingLegsEditor(props: { value: RingLeg[]; onChange: (value: RingLeg[]) => void }) {
  const t = useT();
  const { value, onChange } = props;
  return (
    <div className="ring-legs">
      {devices.map((device) => {
        const leg = value.find((d) => d.device === device);
        return (
          <div key={device} className="row">
            <label className="check">
              <input
                type="checkbox"
                checked={leg !== undefined}
                onChange={(event) => {
                  const others = value.filter((d) => d.device !== device);
                  const next = event.target.checked ? [...others, { device, delaySeconds: 0 }] : others;
                  onChange(next.length > 0 ? next : value);
                }}
              />
              {t(`device.${device}`)}
            </label>
            {leg && (
              <label className="field inline">
                <span>{t('target.delay', { device: t(`device.${device}`) })}</span>
                <input
                  type="number"
                  min={0}
                  max={120}
                  value={leg.delaySeconds}
                  onChange={(event) => onChange(value.map((d) => (d.device === device ? { ...d, delaySeconds: Number(event.target.value) || 0 } : d)))}
                />
              </label>
            )}
          </div>
        );
      })}
    </div>
  );
}
