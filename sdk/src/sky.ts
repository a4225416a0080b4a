// Sexagesimal positions, written the same way by servers (survey links) and pages. No runtime
// dependencies, so web parts import it too (`@skyportal/sdk/sky`).

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Right ascension in degrees → `HH:MM:SS.SS`, any angle taken modulo 360°. Rounds once, on the
 * smallest unit shown, so 59.999 s carries into the minute and 359.9999999° is `00:00:00.00`, never 24h.
 */
export function raToSexagesimal(raDeg: number): string {
  if (!Number.isFinite(raDeg)) return '—';
  const hundredthsPerDay = 24 * 3600 * 100;
  let hundredths = Math.round((raDeg / 15) * 3600 * 100) % hundredthsPerDay;
  if (hundredths < 0) hundredths += hundredthsPerDay;
  const hours = Math.floor(hundredths / 360000);
  const minutes = Math.floor((hundredths % 360000) / 6000);
  const seconds = hundredths % 6000;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(Math.floor(seconds / 100), 2)}.${pad(seconds % 100, 2)}`;
}

/** Declination in degrees → `±DD:MM:SS.S`, always signed; `+` when it rounds to zero (never `-00:00:00.0`). */
export function decToSexagesimal(decDeg: number): string {
  if (!Number.isFinite(decDeg)) return '—';
  const tenths = Math.round(Math.abs(decDeg) * 3600 * 10);
  const sign = decDeg < 0 && tenths > 0 ? '-' : '+';
  const degrees = Math.floor(tenths / 36000);
  const minutes = Math.floor((tenths % 36000) / 600);
  const seconds = tenths % 600;
  return `${sign}${pad(degrees, 2)}:${pad(minutes, 2)}:${pad(Math.floor(seconds / 10), 2)}.${seconds % 10}`;
}
