// The study list's columns: what each shows, how it sorts, and how values are
// formatted for a locale. Every value is returned as a plain string: the
// element renders it through a Lit text binding, never as markup.
import { formatPersonName, toLocalDate, type PersonName, type Study } from '@fovea-dicom/core';

/** A column the host can show. */
export type StudyColumn =
  | 'patient-name'
  | 'patient-id'
  | 'birth-date'
  | 'study-date'
  | 'modalities'
  | 'description'
  | 'accession'
  | 'series'
  | 'instances';

/** Every column, in the default order. */
export const STUDY_COLUMNS: readonly StudyColumn[] = [
  'patient-name',
  'patient-id',
  'birth-date',
  'study-date',
  'modalities',
  'description',
  'accession',
  'series',
  'instances',
];

/** Formats values for one locale (Intl); an unknown locale falls back to the page's. */
export class StudyFormatter {
  readonly locale: string | undefined;
  readonly #date: Intl.DateTimeFormat;
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #number: Intl.NumberFormat;
  readonly #ideographicFirst: boolean;
  readonly collator: Intl.Collator;

  constructor(locale: string | undefined) {
    let tag: string | undefined;
    try {
      tag = locale ? Intl.getCanonicalLocales(locale)[0] : undefined;
    } catch {
      tag = undefined;
    }
    this.locale = tag;
    this.#date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    this.#dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    this.#number = new Intl.NumberFormat(tag);
    this.collator = new Intl.Collator(tag, { sensitivity: 'base', numeric: true });
    // Readers of Chinese, Japanese and Korean expect the ideographic form of a name where the data has one.
    this.#ideographicFirst = /^(ja|zh|ko)\b/i.test(this.#date.resolvedOptions().locale);
  }

  name(name: PersonName | undefined): string {
    return formatPersonName(name, this.#ideographicFirst ? 'ideographic' : 'alphabetic');
  }

  date(study: Study, which: 'birth' | 'study'): string {
    if (which === 'birth') {
      const birth = toLocalDate(study.patientBirthDate);
      return birth ? this.#date.format(birth) : '';
    }
    const time = study.studyTime;
    const moment = toLocalDate(study.studyDate, time);
    if (!moment) return '';
    return (time ? this.#dateTime : this.#date).format(moment);
  }

  number(value: number | undefined): string {
    return value === undefined ? '' : this.#number.format(value);
  }

  /** Codes (modalities) are not words: a comma list in every locale, never "CT and MR". */
  list(values: readonly string[]): string {
    return values.join(', ');
  }
}

type SortKey = string | number | undefined;

interface ColumnSpec {
  /** Cell text. */
  text(study: Study, format: StudyFormatter): string;
  /** What the column sorts by; undefined sorts last. */
  sortKey(study: Study, format: StudyFormatter): SortKey;
  numeric?: boolean;
}

const pad = (n: number | undefined, width = 2) => String(n ?? 0).padStart(width, '0');
const dateKey = (study: Study, withTime: boolean): string | undefined => {
  const d = withTime ? study.studyDate : study.patientBirthDate;
  if (!d) return undefined;
  const t = withTime ? study.studyTime : undefined;
  return `${pad(d.year, 4)}${pad(d.month)}${pad(d.day)}${pad(t?.hours)}${pad(t?.minutes)}${pad(t?.seconds)}`;
};

/** How each column reads, shows and sorts a study. */
export const COLUMN_SPECS: Readonly<Record<StudyColumn, ColumnSpec>> = {
  'patient-name': {
    text: (s, f) => f.name(s.patientName),
    sortKey: (s, f) => f.name(s.patientName) || undefined,
  },
  'patient-id': { text: (s) => s.patientId ?? '', sortKey: (s) => s.patientId },
  'birth-date': { text: (s, f) => f.date(s, 'birth'), sortKey: (s) => dateKey(s, false) },
  'study-date': { text: (s, f) => f.date(s, 'study'), sortKey: (s) => dateKey(s, true) },
  modalities: {
    text: (s, f) => f.list(s.modalitiesInStudy),
    sortKey: (s) => s.modalitiesInStudy.join(' ') || undefined,
  },
  description: { text: (s) => s.studyDescription ?? '', sortKey: (s) => s.studyDescription },
  accession: { text: (s) => s.accessionNumber ?? '', sortKey: (s) => s.accessionNumber },
  series: { text: (s, f) => f.number(s.numberOfSeries), sortKey: (s) => s.numberOfSeries, numeric: true },
  instances: { text: (s, f) => f.number(s.numberOfInstances), sortKey: (s) => s.numberOfInstances, numeric: true },
};

/** Sort direction of a column. */
export type SortDirection = 'ascending' | 'descending';

/** The sort in effect: a column and a direction. */
export interface StudySort {
  column: StudyColumn;
  direction: SortDirection;
}

/**
 * The studies ordered by `sort` (a stable sort; empty values last in both
 * directions), or the given array itself when there is no sort.
 */
export function sortStudies(studies: readonly Study[], sort: StudySort | undefined, format: StudyFormatter) {
  if (!sort) return studies;
  const spec = COLUMN_SPECS[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = studies.map((study, index) => ({ study, index, key: spec.sortKey(study, format) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      return a.key === b.key ? a.index - b.index : a.key === undefined ? 1 : -1;
    }
    const order =
      typeof a.key === 'number' && typeof b.key === 'number'
        ? a.key - b.key
        : format.collator.compare(String(a.key), String(b.key));
    return sign * order || a.index - b.index;
  });
  return keyed.map((k) => k.study);
}

/** Reads a column list from an attribute: ids separated by spaces or commas; unknown ids are dropped. */
export function parseColumns(value: string | null): StudyColumn[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter((id): id is StudyColumn => (STUDY_COLUMNS as readonly string[]).includes(id));
}
