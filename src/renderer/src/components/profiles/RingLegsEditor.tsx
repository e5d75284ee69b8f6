import type { Device, RingLeg } from '../../../../shared/model';
import { useT } from '../../i18n';
import { useEditorContext, useFieldProblem } from './editor/problems';

const devices: Device[] = ['softphone', 'mobile', 'deskphone'];

/** One device: whether it rings and after how many seconds, with what cannot work said next to it. */
function LegRow(props: {
  device: Device;
  leg: RingLeg | undefined;
  path: string;
  onToggle: (on: boolean) => void;
  onDelay: (seconds: number) => void;
}) {
  const t = useT();
  const { device, leg } = props;
  const legProblem = useFieldProblem(props.path);
  const delayProblem = useFieldProblem(`${props.path}.delaySeconds`);
  return (
    <div className="leg">
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={leg !== undefined}
            onChange={(event) => props.onToggle(event.target.checked)}
            {...legProblem.controlProps}
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
              onChange={(event) => props.onDelay(Number(event.target.value) || 0)}
              {...delayProblem.controlProps}
            />
          </label>
        )}
      </div>
      {legProblem.message}
      {delayProblem.message}
    </div>
  );
}

/**
 * Which devices ring and after how many seconds each; at least one device always stays. Without
 * a mobile number the mobile is not offered (a leg already there is shown, with why it cannot ring).
 * `path` is the target's field path (`routing.any`), for the problems next to each leg.
 */
export function RingLegsEditor(props: {
  value: RingLeg[];
  onChange: (value: RingLeg[]) => void;
  path?: string;
}) {
  const { account } = useEditorContext();
  const { value, onChange } = props;
  return (
    <div className="ring-legs">
      {devices.map((device) => {
        const index = value.findIndex((d) => d.device === device);
        const leg = index < 0 ? undefined : value[index];
        if (device === 'mobile' && !account.hasMobile && leg === undefined) return null;
        return (
          <LegRow
            key={device}
            device={device}
            leg={leg}
            path={`${props.path ?? 'target'}.devices.${index}`}
            onToggle={(on) => {
              const others = value.filter((d) => d.device !== device);
              const next = on ? [...others, { device, delaySeconds: 0 }] : others;
              onChange(next.length > 0 ? next : value);
            }}
            onDelay={(seconds) =>
              onChange(
                value.map((d) => (d.device === device ? { ...d, delaySeconds: seconds } : d)),
              )
            }
          />
        );
      })}
    </div>
  );
}
