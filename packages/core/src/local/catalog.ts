/**
 * The study and series answers of local files: instances grouped by study
 * and series, and the study and series level attributes QIDO-RS would answer
 * (taken from the first instance, with the counts and modalities computed).
 */
import type { DicomJsonDataset } from '../model/json.js';
import type { Instance, Study } from '../model/views.js';

const STUDY_TAGS = [
  '00080005',
  '00080020',
  '00080030',
  '00080050',
  '00080090',
  '00081030',
  '00100010',
  '00100020',
  '00100021',
  '00100030',
  '00100040',
  '0020000D',
  '00200010',
];
const SERIES_TAGS = ['00080021', '00080031', '00080060', '0008103E', '0020000E', '00200011'];

function pick(dataset: DicomJsonDataset, tags: readonly string[]): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const tag of tags) if (dataset[tag]) out[tag] = dataset[tag];
  return out;
}

/** A study's attributes and its series' records, by Series Instance UID. */
export interface StudyGroup<R> {
  dataset: DicomJsonDataset;
  series: Map<string, R[]>;
}

/** `records` grouped by Study Instance UID and Series Instance UID, in the order found. */
export function groupByStudy<R extends { instance: Instance }>(records: readonly R[]): Map<string, StudyGroup<R>> {
  const studies = new Map<string, StudyGroup<R>>();
  for (const record of records) {
    const { studyInstanceUid, seriesInstanceUid } = record.instance;
    let study = studies.get(studyInstanceUid);
    if (!study) {
      study = { dataset: pick(record.instance.dataset, STUDY_TAGS), series: new Map() };
      studies.set(studyInstanceUid, study);
    }
    const list = study.series.get(seriesInstanceUid) ?? [];
    list.push(record);
    study.series.set(seriesInstanceUid, list);
  }
  return studies;
}

/** A study's QIDO-RS answer: its attributes, modalities in the study, number of series and of instances. */
export function studyAnswer(
  dataset: DicomJsonDataset,
  series: ReadonlyMap<string, readonly { instance: Instance }[]>,
): DicomJsonDataset {
  const all = [...series.values()];
  const modalities = [...new Set(all.map((s) => s[0]!.instance.modality).filter((m): m is string => !!m))];
  return {
    ...dataset,
    '00080061': { vr: 'CS', Value: modalities },
    '00201206': { vr: 'IS', Value: [series.size] },
    '00201208': { vr: 'IS', Value: [all.reduce((n, s) => n + s.length, 0)] },
  };
}

/** A series' QIDO-RS answer: its study's attributes, its own (from its first instance) and its number of instances. */
export function seriesAnswer(
  studyDataset: DicomJsonDataset,
  records: readonly { instance: Instance }[],
): DicomJsonDataset {
  return {
    ...studyDataset,
    ...pick(records[0]!.instance.dataset, SERIES_TAGS),
    '00201209': { vr: 'IS', Value: [records.length] },
  };
}

/** Orders studies newest first by Study Date; studies without one last. */
export function newestFirst(a: Study, b: Study): number {
  return (b.studyDate ? formatKey(b) : '').localeCompare(a.studyDate ? formatKey(a) : '');
}

function formatKey(study: Study): string {
  const d = study.studyDate;
  return d ? `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}` : '';
}
