import { useEffect, useState } from 'react';
import { useT } from '../../i18n';

/** Opens the chosen microphone only while the meter is on, and shows its level (0–100). */
export function LevelMeter(props: { deviceId: string | null }) {
  const t = useT();
  const [on, setOn] = useState(false);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let context: AudioContext | null = null;
    let frame = 0;
    let stopped = false;
    const audio: MediaTrackConstraints | boolean = props.deviceId ? { deviceId: { exact: props.deviceId } } : true;
    navigator.mediaDevices
      .getUserMedia({ audio })
      .then((opened) => {
        if (stopped) {
          opened.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = opened;
        context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 1024;
        context.createMediaStreamSource(opened).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const tick = () => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const sample of samples) sum += sample * sample;
          const rms = Math.sqrt(sum / samples.length);
          // Speech sits around -30 dBFS; map -60..0 dBFS onto 0..100.
          const db = 20 * Math.log10(rms || 1e-6);
          setLevel(Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100))));
          frame = requestAnimationFrame(tick);
        };
        tick();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
      void context?.close();
      setLevel(0);
    };
  }, [on, props.deviceId]);

  return (
    <div className="row">
      <button type="button" className="secondary" aria-pressed={on} onClick={() => setOn((v) => !v)}>
        {t('settings.testMicrophone')}
      </button>
      <label className="field inline grow">
        <span>{t('settings.inputLevel')}</span>
        <meter min={0} max={100} low={10} high={90} optimum={50} value={level}>
          {level}
        </meter>
      </label>
      {error && <span className="error-text small">{error}</span>}
    </div>
  );
}
