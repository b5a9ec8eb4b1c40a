/**
 * QIDO-RS for the development server (PS3.18 10.6): query parsing with proper
 * percent-decoding, matching (single value, wildcards, UID lists, date/time
 * ranges, PN with optional fuzzy matching), the standard return attributes of
 * each level, `includefield`, `limit` and `offset`.
 *
 * Matching rules chosen here: PN and descriptive text (LO, SH, LT, ST, UT, UC)
 * match case-insensitively, except identifiers (PatientID, IssuerOfPatientID,
 * AccessionNumber, StudyID), which like CS, AE and UI are case-sensitive. A
 * record with no value for a matching key does not match. `+` in a query
 * means a space (form encoding); send `%2B` for a plus sign.
 */
import { implicitVr, resolveAttribute } from './dictionary.js';
import type { DicomJson, DicomJsonElement } from './json.js';
import { type Instance, type Series, type Store, type Study } from './store.js';

/** A bad query; its message names parameters, never their values. */
export class QidoError extends Error {}

export type QidoLevel = 'study' | 'series' | 'instance';

interface Filter {
  tag: string;
  vr: string;
  test: (el: DicomJsonElement | undefined) => boolean;
}

export interface ParsedQuery {
  filters: Filter[];
  includeAll: boolean;
  includeTags: string[];
  limit: number | undefined;
  offset: number;
  fuzzy: boolean;
}

const STUDY_TAGS = [
  '00080005',
  '00080020',
  '00080030',
  '00080050',
  '00080056',
  '00080061',
  '00080090',
  '00080201',
  '00081030',
  '00081190',
  '00100010',
  '00100020',
  '00100030',
  '00100040',
  '0020000D',
  '00200010',
  '00201206',
  '00201208',
];
const SERIES_TAGS = [
  '00080005',
  '00080056',
  '00080060',
  '00080201',
  '0008103E',
  '00081190',
  '0020000D',
  '0020000E',
  '00200011',
  '00201209',
  '00400244',
  '00400245',
  '00400275',
];
const INSTANCE_TAGS = [
  '00080005',
  '00080016',
  '00080018',
  '00080056',
  '00080201',
  '00081190',
  '00083002',
  '0020000D',
  '0020000E',
  '00200013',
  '00280008',
  '00280010',
  '00280011',
  '00280100',
];
const CASE_SENSITIVE = new Set(['00100020', '00100021', '00080050', '00200010']);
const TEXT_VRS = new Set(['LO', 'SH', 'LT', 'ST', 'UT', 'UC', 'UR', 'AS']);
const NUMBER_VRS = new Set(['IS', 'DS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new QidoError('malformed percent-encoding in the query string');
  }
}

function wildcard(pattern: string, caseInsensitive: boolean, prefix = false): RegExp {
  const body = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}${prefix ? '' : '$'}`, caseInsensitive ? 'isu' : 'su');
}

const DATE_RE = /^\d{8}$/;
const TIME_RE = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;
const DATETIME_RE = /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/;

/** Pads a DA/TM/DT value to full precision, low or high end of what it names. */
function padTemporal(vr: string, v: string, high: boolean): string {
  const s = v.replace(/[+-]\d{4}$/, '');
  if (vr === 'DA') return s;
  const [whole = '', frac = ''] = s.split('.');
  const fill = vr === 'TM' ? (high ? '235959' : '000000') : high ? '99991231235959' : '00000101000000';
  return whole + fill.slice(whole.length) + '.' + frac.padEnd(6, high ? '9' : '0');
}

function temporalTest(vr: string, raw: string, name: string): (v: string) => boolean {
  const re = vr === 'DA' ? DATE_RE : vr === 'TM' ? TIME_RE : DATETIME_RE;
  const dash = vr === 'DT' ? raw.search(/-(?!\d{4}$)|-$/) : raw.indexOf('-');
  const [from, to] = dash < 0 ? [raw, raw] : [raw.slice(0, dash), raw.slice(dash + 1)];
  if ((from && !re.test(from)) || (to && !re.test(to)) || (!from && !to)) {
    throw new QidoError(`${name}: expected a ${vr} value or range (A-B, A-, -B)`);
  }
  const lo = from ? padTemporal(vr, from, false) : '';
  const hi = to ? padTemporal(vr, to, true) : '';
  return (v) => {
    const value = padTemporal(vr, v, false);
    return (!lo || value >= lo) && (!hi || value <= hi);
  };
}

function nameStrings(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  const groups = value as Record<string, string>;
  const norm = (s: string | undefined) => (s ?? '').replace(/[\^ ]+$/, '');
  const parts = [groups['Alphabetic'], groups['Ideographic'], groups['Phonetic']].map(norm);
  return [...parts.filter(Boolean), parts.join('=').replace(/=+$/, '')];
}

function personNameTest(raw: string, fuzzy: boolean): (value: unknown) => boolean {
  const exact = wildcard(raw.replace(/[\^ ]+$/, ''), true);
  const tokens = raw
    .split(/[\^\s=,]+/)
    .filter(Boolean)
    .map((t) => wildcard(t, true, true));
  return (value) => {
    const names = nameStrings(value);
    if (names.some((n) => exact.test(n))) return true;
    if (!fuzzy || !tokens.length) return false;
    const words = names.flatMap((n) => n.split(/[\^\s=,-]+/)).filter(Boolean);
    return tokens.every((t) => words.some((w) => t.test(w)));
  };
}

function makeFilter(tag: string, name: string, raw: string, fuzzy: boolean): Filter {
  const vr = implicitVr(tag);
  const anyValue = (test: (v: unknown) => boolean) => (el: DicomJsonElement | undefined) =>
    !!el?.Value?.some((v) => v !== null && test(v));
  if (raw === '') return { tag, vr, test: () => true }; // universal matching: only asks for the attribute
  if (vr === 'SQ' || vr.startsWith('O') || vr === 'UN')
    throw new QidoError(`${name}: matching on this attribute is not supported`);
  if (vr === 'PN') return { tag, vr, test: anyValue(personNameTest(raw, fuzzy)) };
  if (vr === 'DA' || vr === 'TM' || vr === 'DT') {
    const test = temporalTest(vr, raw, name);
    return { tag, vr, test: anyValue((v) => test(String(v))) };
  }
  if (NUMBER_VRS.has(vr)) {
    const wanted = raw.split(/[,\\]/).map(Number);
    if (wanted.some((n) => !Number.isFinite(n))) throw new QidoError(`${name}: expected a number`);
    return { tag, vr, test: anyValue((v) => wanted.includes(Number(v))) };
  }
  if (TEXT_VRS.has(vr)) {
    const re = wildcard(raw, !CASE_SENSITIVE.has(tag));
    return { tag, vr, test: anyValue((v) => re.test(String(v))) };
  }
  // CS, AE, UI and other codes: a comma or backslash separated list, each with wildcards.
  const list = raw.split(/[,\\]/).map((s) => wildcard(s.trim(), false));
  return { tag, vr, test: anyValue((v) => list.some((re) => re.test(String(v)))) };
}

/** Parses a query string (without `?`). Throws {@link QidoError}. */
export function parseQuery(search: string): ParsedQuery {
  const pairs = search
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return [decodeComponent(eq < 0 ? p : p.slice(0, eq)), decodeComponent(eq < 0 ? '' : p.slice(eq + 1))] as const;
    });
  const fuzzyParam = pairs.find(([k]) => k.toLowerCase() === 'fuzzymatching')?.[1] ?? 'false';
  if (fuzzyParam !== 'true' && fuzzyParam !== 'false') throw new QidoError('fuzzymatching must be true or false');
  const query: ParsedQuery = {
    filters: [],
    includeAll: false,
    includeTags: [],
    limit: undefined,
    offset: 0,
    fuzzy: fuzzyParam === 'true',
  };
  const seen = new Set<string>();
  const safeName = (k: string) => JSON.stringify(k.slice(0, 64));
  for (const [key, value] of pairs) {
    const lower = key.toLowerCase();
    if (lower === 'fuzzymatching') continue;
    if (lower === 'limit' || lower === 'offset') {
      if (!/^\d{1,9}$/.test(value)) throw new QidoError(`${lower} must be a non-negative integer`);
      if (lower === 'limit') query.limit = Number(value);
      else query.offset = Number(value);
      continue;
    }
    if (lower === 'includefield') {
      for (const field of value
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)) {
        if (field.toLowerCase() === 'all') query.includeAll = true;
        else {
          const tag = resolveAttribute(field);
          if (!tag) throw new QidoError(`includefield: unknown attribute ${safeName(field)}`);
          query.includeTags.push(tag);
        }
      }
      continue;
    }
    if (key.includes('.')) throw new QidoError(`${safeName(key)}: sequence matching is not supported`);
    const tag = resolveAttribute(key);
    if (!tag) throw new QidoError(`unknown query parameter ${safeName(key)}`);
    if (seen.has(tag)) throw new QidoError(`${safeName(key)} is given more than once`);
    seen.add(tag);
    query.filters.push(makeFilter(tag, safeName(key), value, query.fuzzy));
  }
  return query;
}

interface QueryRecord {
  rep: Instance;
  computed: DicomJson;
}

const is = (n: number): DicomJsonElement => ({ vr: 'IS', Value: [n] });
const online: DicomJsonElement = { vr: 'CS', Value: ['ONLINE'] };
const url = (base: string, ...uids: string[]) => ({
  vr: 'UR',
  Value: [base + uids.map((u, i) => `${['studies', 'series', 'instances'][i]}/${encodeURIComponent(u)}`).join('/')],
});

function studyAttrs(study: Study, base: string): DicomJson {
  const attrs: DicomJson = {
    '00080056': online,
    '00201206': is(study.series.length),
    '00201208': is(study.instanceCount),
    '00081190': url(base, study.uid),
  };
  attrs['00080061'] = study.modalities.length ? { vr: 'CS', Value: study.modalities } : { vr: 'CS' };
  return attrs;
}

function seriesAttrs(series: Series, base: string): DicomJson {
  return {
    '00080056': online,
    '00201209': is(series.instances.length),
    '00081190': url(base, series.study.uid, series.uid),
  };
}

function instanceAttrs(i: Instance, base: string): DicomJson {
  return {
    '00080056': online,
    '00083002': { vr: 'UI', Value: [i.transferSyntax] },
    '00081190': url(base, i.studyUid, i.seriesUid, i.sopUid),
  };
}

/** Runs a query at a level, scoped by the path's UIDs; returns the page and the total count of matches. */
export function runQuery(
  store: Store,
  level: QidoLevel,
  scope: { study?: Study; series?: Series },
  query: ParsedQuery,
  base: string,
): { results: DicomJson[]; total: number } {
  const studies = scope.study ? [scope.study] : store.studies;
  const records: QueryRecord[] = [];
  for (const study of studies) {
    const sAttrs = studyAttrs(study, base);
    if (level === 'study') {
      records.push({ rep: study.series[0]!.instances[0]!, computed: sAttrs });
      continue;
    }
    for (const series of scope.series ? [scope.series] : study.series) {
      const seAttrs = { ...sAttrs, ...seriesAttrs(series, base) };
      if (level === 'series') records.push({ rep: series.instances[0]!, computed: seAttrs });
      else
        for (const i of series.instances) records.push({ rep: i, computed: { ...seAttrs, ...instanceAttrs(i, base) } });
    }
  }
  const get = (r: QueryRecord, tag: string) => r.computed[tag] ?? r.rep.json[tag];
  const matches = records.filter((r) => query.filters.every((f) => f.test(get(r, f.tag))));

  const levelTags =
    level === 'study'
      ? STUDY_TAGS
      : level === 'series'
        ? [...(scope.study ? [] : STUDY_TAGS), ...SERIES_TAGS]
        : [...(scope.study ? [] : STUDY_TAGS), ...(scope.series ? [] : SERIES_TAGS), ...INSTANCE_TAGS];
  const wanted = new Set([...levelTags, ...query.filters.map((f) => f.tag), ...query.includeTags]);
  const page = matches.slice(query.offset, query.limit === undefined ? undefined : query.offset + query.limit);
  const results = page.map((r) => {
    const out: DicomJson = {};
    if (query.includeAll) {
      for (const [tag, el] of Object.entries(r.rep.json)) if (!el.BulkDataURI) out[tag] = el;
    }
    for (const tag of wanted) out[tag] = get(r, tag) ?? { vr: implicitVr(tag) };
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
  return { results, total: matches.length };
}
