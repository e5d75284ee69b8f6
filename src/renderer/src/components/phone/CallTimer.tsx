import { useEffect, useState } from 'react';
import { formatElapsed } from '../../../../shared/duration';

/** Seconds since `from`, ticking once a second; the label is for screen readers on demand. */
export function CallTimer(props: { from: string; label: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const text = formatElapsed((now - Date.parse(props.from)) / 1000);
  return (
    <span role="timer" aria-label={props.label} className="call-timer">
      {text}
    </span>
  );
}
