import { useId, useState } from 'react';
import { acceleratorProblem, type AcceleratorProblem } from '../../../../shared/accelerator';
import type { Settings } from '../../../../shared/ipc';
import { useSoftphone } from '../../store/store';
import { updateSettings } from '../../store/actions/settings';
import { showError } from '../../store/actions/invoke';
import { playRingtone, playTestTone } from '../../audio/tones';
import { useT } from '../../i18n';
import { LevelMeter } from './LevelMeter';
import { useAudioDevices } from './useAudioDevices';
import { ChangePassword } from './ChangePassword';
import { GreetingSettings } from '../voicemail/GreetingSettings';
import { CalendarSettings } from './CalendarSettings';

function DeviceSelect(props: { label: string; devices: MediaDeviceInfo[]; value: string | null; onChange: (id: string | null) => void }) {
  const t = useT();
  return (
    <label className="field">
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">{t('settings.systemDefault')}</option>
        {props.devices
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t('settings.deviceN', { n: index + 1 })}
            </option>
          ))}
      </select>
    </label>
  );
}

export function ShortcutField(props: { label: string; value: string; onSave: (value: string) => void }) {
  const t = useT();
  const [value, setValue] = useState(props.value);
  const [problem, setProblem] = useState<AcceleratorProblem | null>(null);
  const id = useId();
  const commit = () => {
    const trimmed = value.trim();
    const found = acceleratorProblem(trimmed);
    setProblem(found);
    if (found === null && trimmed !== props.value) props.onSave(trimmed);
  };
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        value={value}
        placeholder="CommandOrControl+Shift+A"
        aria-invalid={problem !== null}
        aria-describedby={problem ? id : undefined}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {problem && (
        <span id={id} className="error-text" role="alert">
          {t('settings.shortcut.problem', { kind: problem.kind, part: 'part' in problem ? problem.part : '' })}
        </span>
      )}
    </label>
  );
}

export function SettingsView() {
  const t = useT();
  const settings = useSoftphone((s) => s.settings);
  const signedIn = useSoftphone((s) => s.session.status === 'signedIn');
  const devices = useAudioDevices();
  const save = (changes: Partial<Settings>) => void updateSettings(changes);
  const fail = (error: unknown) => showError(t('settings.soundFailed', { reason: error instanceof Error ? error.message : String(error) }));

  return (
    <div className="settings">
      <section className="card" aria-labelledby="audio-title">
        <h2 id="audio-title">{t('settings.audio')}</h2>
        {devices.error && <p className="error-text">{devices.error}</p>}
        <DeviceSelect label={t('settings.microphone')} devices={devices.inputs} value={settings.audioInputId} onChange={(id) => save({ audioInputId: id })} />
        <LevelMeter deviceId={settings.audioInputId} />
        <DeviceSelect label={t('settings.speaker')} devices={devices.outputs} value={settings.audioOutputId} onChange={(id) => save({ audioOutputId: id })} />
        <button type="button" className="secondary" onClick={() => void playTestTone(settings.audioOutputId).catch(fail)}>
          {t('settings.testSpeaker')}
        </button>
        <DeviceSelect label={t('settings.ringer')} devices={devices.outputs} value={settings.ringerOutputId} onChange={(id) => save({ ringerOutputId: id })} />
        <div className="row">
          <label className="field grow">
            <span>{t('settings.ringtone')}</span>
            <select value={settings.ringtone} onChange={(e) => save({ ringtone: e.target.value as Settings['ringtone'] })}>
              {(['classic', 'soft', 'digital'] as const).map((tone) => (
                <option key={tone} value={tone}>
                  {t(`settings.ringtone.${tone}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void playRingtone(settings.ringtone, settings.ringerOutputId, 4)
                .then((sound) => setTimeout(() => sound.stop(), 4000))
                .catch(fail)
            }
          >
            {t('settings.playRingtone')}
          </button>
        </div>
      </section>

      <GreetingSettings />

      {signedIn && <CalendarSettings />}

      <section className="card" aria-labelledby="general-title">
        <h2 id="general-title">{t('settings.general')}</h2>
        <label className="field">
          <span>{t('settings.language')}</span>
          <select value={settings.language ?? ''} onChange={(e) => save({ language: e.target.value === '' ? null : (e.target.value as 'en' | 'sv') })}>
            <option value="">{t('settings.language.account')}</option>
            <option value="en">English</option>
            <option value="sv">Svenska</option>
          </select>
        </label>
        <label className="field">
          <span>{t('settings.countryCode')}</span>
          <input
            defaultValue={settings.countryCode}
            inputMode="numeric"
            maxLength={3}
            onBlur={(e) => /^\d{1,3}$/.test(e.target.value) && e.target.value !== settings.countryCode && save({ countryCode: e.target.value })}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.startAtLogin} onChange={(e) => save({ startAtLogin: e.target.checked })} />
          {t('settings.startAtLogin')}
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.startMinimised} onChange={(e) => save({ startMinimised: e.target.checked })} />
          {t('settings.startMinimised')}
        </label>
        <h3>{t('settings.shortcuts')}</h3>
        <ShortcutField label={t('settings.shortcut.answer')} value={settings.shortcuts.answer} onSave={(v) => save({ shortcuts: { ...settings.shortcuts, answer: v } })} />
        <ShortcutField label={t('settings.shortcut.hangUp')} value={settings.shortcuts.hangUp} onSave={(v) => save({ shortcuts: { ...settings.shortcuts, hangUp: v } })} />
      </section>

      {signedIn && <ChangePassword />}
    </div>
  );
}
