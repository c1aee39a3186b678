import { useEffect, useState } from 'react';
import { formatCountdown } from '../duration';

/** How often the countdown redraws. What happens at the end is up to the owner's own timer. */
const TICK_MS = 500;

/** mm:ss to `until` (epoch ms); key it by `until`, so a new period starts a fresh clock. */
export function Countdown({
  until,
  label,
  className,
}: {
  until: number;
  label: string;
  className?: string;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <p role="timer" aria-label={label} className={className}>
      {formatCountdown(Math.max(0, until - now))}
    </p>
  );
}
