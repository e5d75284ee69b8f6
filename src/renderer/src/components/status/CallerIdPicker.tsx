import { useSoftphone } from '../../store/store';
import { chooseCallerId } from '../../store/actions/profiles';
import { useT, useText } from '../../i18n';
import { callerIdLabel } from '../../../../shared/callerIdLabel';
import { formatForDisplay } from '../../../../shared/phone';

const HIDDEN = '__hidden__';

export function CallerIdPicker() {
  const t = useT();
  const say = useText();
  const callerId = useSoftphone((s) => s.profiles?.callerId);
  const companyName = useSoftphone((s) => s.session.account?.companyName ?? null);
  const country = useSoftphone((s) => s.settings.countryCode);
  if (!callerId) return null;
  const current = callerId.current.kind === 'hidden' ? HIDDEN : callerId.current.number;
  return (
    <label className="status-item compact-field" title={callerId.fellBack ? t('status.callerId.fellBack') : undefined}>
      <span className="muted small">{t('status.callerId.label')}</span>
      <select value={current} onChange={(event) => void chooseCallerId(event.target.value === HIDDEN ? null : event.target.value)}>
        {callerId.options.map((option) => (
          <option key={option.number} value={option.number}>
            {option.label || option.type
              ? `${say(callerIdLabel(option, companyName))} · ${formatForDisplay(option.number, country)}`
              : formatForDisplay(option.number, country)}
          </option>
        ))}
        {callerId.current.kind === 'number' && !callerId.options.some((o) => o.number === current) && (
          <option value={current}>{current}</option>
        )}
        <option value={HIDDEN}>{t('status.callerId.hidden')}</option>
      </select>
      {callerId.fellBack && <span className="warning-text small">{t('status.callerId.fellBackShort')}</span>}
    </label>
  );
}
