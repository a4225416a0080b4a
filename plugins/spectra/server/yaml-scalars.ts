/**
 * What a plain (unquoted) YAML 1.1 scalar means: null, a boolean, an integer, a float, a
 * timestamp, or the text itself. Header lines `# KEY: value` are read as YAML 1.1 by SkyPortal's
 * clients and by PyYAML, whose readers expect `RA: 23:43:47.24` to be the base-60 float 85427.24 and
 * `SER_NO: 0531` an octal integer; the regular expressions are the YAML 1.1 type repository's
 * (https://yaml.org/type/: bool, null, int, float, timestamp), which PyYAML implements.
 */

const NULL = /^(?:~|null|Null|NULL|)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT_BINARY = /^([-+]?)0b([01_]+)$/;
const INT_OCTAL = /^([-+]?)0([0-7_]+)$/;
const INT_DECIMAL = /^([-+]?)(0|[1-9][0-9_]*)$/;
const INT_HEX = /^([-+]?)0x([0-9a-fA-F_]+)$/;
const INT_BASE60 = /^([-+]?)([1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_DECIMAL = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$/;
const FLOAT_BASE60 = /^([-+]?)([0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$/;
const FLOAT_INFINITY = /^[-+]?\.(?:inf|Inf|INF)$/;
const FLOAT_NAN = /^\.(?:nan|NaN|NAN)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?(?:[ \t]*(Z|[-+]\d{1,2}(?::\d{2})?))?$/;

/** An integer: a number when JavaScript holds it exactly, else its decimal digits as text. */
function integer(sign: string, digits: bigint): number | string {
  const value = sign === '-' ? -digits : digits;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** `190:20:30.15` → 190·3600 + 20·60 + 30.15. */
function base60(text: string): number {
  return text
    .replace(/_/g, '')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
}

const pad = (value: string | number, width = 2) => String(value).padStart(width, '0');

/**
 * A timestamp as Python's `isoformat()` writes it (what SkyPortal stores for one): microseconds
 * when there is a fraction, the zone as `+HH:MM`. Kept as text: a JavaScript Date would lose the
 * microseconds.
 */
function timestamp(text: string): string | undefined {
  const date = DATE.exec(text);
  if (date) return `${date[1]}-${date[2]}-${date[3]}`;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  let iso = `${year}-${pad(month!)}-${pad(day!)}T${pad(hour!)}:${minute}:${second}`;
  const micro = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  if (Number(micro) > 0) iso += `.${micro}`;
  if (zone === 'Z') iso += '+00:00';
  else if (zone) {
    const [hours, minutes = '00'] = zone.slice(1).split(':');
    iso += `${zone[0]}${pad(hours!)}:${minutes}`;
  }
  return iso;
}

/** The value of a plain scalar under YAML 1.1's implicit types. Non-finite floats stay text (JSON has no NaN). */
export function resolvePlainScalar(text: string): unknown {
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  let m: RegExpExecArray | null;
  if ((m = INT_BINARY.exec(text))) return integer(m[1]!, BigInt(`0b${m[2]!.replace(/_/g, '')}`));
  if ((m = INT_OCTAL.exec(text))) return integer(m[1]!, BigInt(`0o${m[2]!.replace(/_/g, '')}`));
  if ((m = INT_DECIMAL.exec(text))) return integer(m[1]!, BigInt(m[2]!.replace(/_/g, '')));
  if ((m = INT_HEX.exec(text))) return integer(m[1]!, BigInt(`0x${m[2]!.replace(/_/g, '')}`));
  if ((m = INT_BASE60.exec(text))) return (m[1] === '-' ? -1 : 1) * base60(m[2]!);
  if (FLOAT_DECIMAL.test(text)) {
    const value = Number(text.replace(/_/g, ''));
    return Number.isFinite(value) ? value : text;
  }
  if ((m = FLOAT_BASE60.exec(text))) return (m[1] === '-' ? -1 : 1) * base60(m[2]!);
  if (FLOAT_INFINITY.test(text) || FLOAT_NAN.test(text)) return text;
  return timestamp(text) ?? text;
}
