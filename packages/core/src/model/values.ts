import type { PersonNameJson } from './json.js';

/** The five components of one person-name group (PS3.5 6.2). */
export interface PersonNameComponents {
  family: string;
  given: string;
  middle: string;
  prefix: string;
  suffix: string;
}

/** A person name with its alphabetic, ideographic and phonetic groups. */
export interface PersonName {
  alphabetic: PersonNameComponents | undefined;
  ideographic: PersonNameComponents | undefined;
  phonetic: PersonNameComponents | undefined;
}

function components(group: unknown): PersonNameComponents | undefined {
  // A server's JSON may hold anything here: only a string is a component group.
  if (typeof group !== 'string' || !group) return undefined;
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((s) => s.trim());
  // A group of separators only is empty: Orthanc answers `Ideographic: "^"` when its
  // ISO_IR 100 QIDO output cannot hold the ideographic characters.
  if (!family && !given && !middle && !prefix && !suffix) return undefined;
  return { family, given, middle, prefix, suffix };
}

/** Parses a PN value from DICOM JSON (object form) or its `A=I=P` string form. */
export function parsePersonName(value: PersonNameJson | string | undefined | null): PersonName | undefined {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return undefined;
  const groups: PersonNameJson =
    typeof value === 'string'
      ? (([Alphabetic, Ideographic, Phonetic]) => ({ Alphabetic, Ideographic, Phonetic }))(value.split('='))
      : value;
  const name: PersonName = {
    alphabetic: components(groups.Alphabetic),
    ideographic: components(groups.Ideographic),
    phonetic: components(groups.Phonetic),
  };
  return name.alphabetic || name.ideographic || name.phonetic ? name : undefined;
}

/**
 * A readable form of one name: "Family, Given Middle" with prefix and suffix,
 * from the alphabetic group, else the ideographic, else the phonetic.
 */
export function formatPersonName(name: PersonName | undefined, group?: keyof PersonName): string {
  if (!name) return '';
  const c = (group ? name[group] : undefined) ?? name.alphabetic ?? name.ideographic ?? name.phonetic;
  if (!c) return '';
  const given = [c.prefix, c.given, c.middle].filter(Boolean).join(' ');
  const main = [c.family, given].filter(Boolean).join(', ');
  return [main, c.suffix].filter(Boolean).join(' ');
}

/** A DA value as a calendar date (no time zone), or undefined when malformed. */
export interface DicomDate {
  year: number;
  month: number;
  day: number;
}

/** Parses DA (`YYYYMMDD`; the ACR-NEMA form `YYYY.MM.DD` is accepted). */
export function parseDate(value: string | undefined): DicomDate | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}

/** A TM value. Missing components are 0; `fraction` is in seconds (0 <= f < 1). */
export interface DicomTime {
  hours: number;
  minutes: number;
  seconds: number;
  fraction: number;
}

/** Parses TM (`HH`, `HHMM`, `HHMMSS`, `HHMMSS.FFFFFF`; the old `HH:MM:SS` is accepted). */
export function parseTime(value: string | undefined): DicomTime | undefined {
  const m = /^(\d{2}):?(\d{2})?:?(\d{2})?(?:\.(\d{1,6}))?$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const time = {
    hours: Number(m[1]),
    minutes: Number(m[2] ?? 0),
    seconds: Number(m[3] ?? 0),
    fraction: m[4] ? Number(`0.${m[4]}`) : 0,
  };
  if (time.hours > 23 || time.minutes > 59 || time.seconds > 60) return undefined;
  return time;
}

/**
 * Parses DT (`YYYYMMDDHHMMSS.FFFFFF&ZZXX`, any trailing components omitted) to
 * a JS Date. Without an offset the value is taken as local time, as the
 * standard says.
 */
export function parseDateTime(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?([+-]\d{4})?$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [y, mo = '01', d = '01', h = '00', mi = '00', s = '00'] = m.slice(1, 7) as string[];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (m[8]) {
    const sign = m[8][0] === '-' ? -1 : 1;
    const offsetMinutes = sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(3, 5)));
    return new Date(Date.UTC(+y!, +mo - 1, +d, +h, +mi, +s, ms) - offsetMinutes * 60_000);
  }
  return new Date(+y!, +mo - 1, +d, +h, +mi, +s, ms);
}

/** A DA value combined with an optional TM value as a local JS Date. */
export function toLocalDate(date: DicomDate | undefined, time?: DicomTime): Date | undefined {
  if (!date) return undefined;
  return new Date(
    date.year,
    date.month - 1,
    date.day,
    time?.hours ?? 0,
    time?.minutes ?? 0,
    time?.seconds ?? 0,
    Math.round((time?.fraction ?? 0) * 1000),
  );
}

/** Formats a DA value back to `YYYYMMDD`. */
export function formatDicomDate(date: Date | DicomDate): string {
  const [y, m, d] =
    date instanceof Date
      ? [date.getFullYear(), date.getMonth() + 1, date.getDate()]
      : [date.year, date.month, date.day];
  return `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}
