// Checks of written DICOM files with dcmtk (dcmdump, dsrdump), run in Node:
// value lengths and character repertoires by VR (PS3.5 6.2), and the
// attributes an IOD's modules require. dciodvfy (dicom3tools) is kept for
// independent acceptance: these are our own checks, made to fail the way it
// reports what Cornerstone's SR adapters write (SH over 16 characters, NUM
// without a value).
import { execFileSync, spawnSync } from 'node:child_process';

/** What dcmdump prints of one element. */
interface Element {
  tag: string;
  vr: string;
  value: string;
  line: string;
}

/** Every element of a file, nested ones included (dcmdump +L: values in full). */
export function dumpElements(path: string): Element[] {
  const out = execFileSync('dcmdump', ['+L', '+uc', path], { encoding: 'utf8' });
  const elements: Element[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*\(([0-9a-f]{4}),([0-9a-f]{4})\) ([A-Z]{2}) (.*?)\s+#\s*\d+,/i.exec(line);
    if (!m) continue;
    const raw = m[4]!;
    const value = raw.startsWith('[') ? raw.slice(1, raw.lastIndexOf(']')) : raw.startsWith('=') ? '' : '';
    elements.push({ tag: `${m[1]}${m[2]}`.toUpperCase(), vr: m[3]!, value, line: line.trim() });
  }
  return elements;
}

const MAX_LENGTH: Record<string, number> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 8,
  DS: 16,
  DT: 26,
  IS: 12,
  LO: 64,
  LT: 10240,
  SH: 16,
  ST: 1024,
  TM: 16,
  UI: 64,
};

/** Problems with the values of `elements`: over-long values, characters a VR does not allow. */
export function vrProblems(elements: readonly Element[]): string[] {
  const problems: string[] = [];
  for (const e of elements) {
    const values = e.value === '' ? [] : e.value.split('\\');
    for (const v of values) {
      const max = MAX_LENGTH[e.vr];
      if (max !== undefined && [...v].length > max) problems.push(`${e.tag} ${e.vr} longer than ${max}: ${e.line}`);
      if (e.vr === 'CS' && !/^[A-Z0-9 _]*$/.test(v))
        problems.push(`${e.tag} CS with characters CS does not allow: ${e.line}`);
      if (e.vr === 'UI' && !/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(v))
        problems.push(`${e.tag} not a UID: ${e.line}`);
      if (e.vr === 'DS' && !/^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/.test(v))
        problems.push(`${e.tag} not a DS: ${e.line}`);
      if (e.vr === 'IS' && !/^ *[+-]?\d+ *$/.test(v)) problems.push(`${e.tag} not an IS: ${e.line}`);
      if (e.vr === 'DA' && !/^\d{8}$/.test(v)) problems.push(`${e.tag} not a DA: ${e.line}`);
      if (e.vr === 'TM' && !/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(v))
        problems.push(`${e.tag} not a TM: ${e.line}`);
    }
    if (e.vr === 'PN') {
      for (const group of e.value.split('=')) {
        if ([...group].length > 64) problems.push(`${e.tag} PN component group longer than 64: ${e.line}`);
      }
    }
  }
  return problems;
}

/** An IOD's required top-level attributes: tag and type (1: present with a value, 2: present). */
export type Requirements = readonly (readonly [tag: string, type: 1 | 2, name: string])[];

const PATIENT_STUDY: Requirements = [
  ['00100010', 2, 'PatientName'],
  ['00100020', 2, 'PatientID'],
  ['00100030', 2, 'PatientBirthDate'],
  ['00100040', 2, 'PatientSex'],
  ['0020000D', 1, 'StudyInstanceUID'],
  ['00080020', 2, 'StudyDate'],
  ['00080030', 2, 'StudyTime'],
  ['00080090', 2, 'ReferringPhysicianName'],
  ['00200010', 2, 'StudyID'],
  ['00080050', 2, 'AccessionNumber'],
  ['00080070', 2, 'Manufacturer'],
  ['00080016', 1, 'SOPClassUID'],
  ['00080018', 1, 'SOPInstanceUID'],
  ['00080060', 1, 'Modality'],
  ['0020000E', 1, 'SeriesInstanceUID'],
  ['00200011', 1, 'SeriesNumber'],
  ['00200013', 1, 'InstanceNumber'],
];

const SR_CONTENT: Requirements = [
  ['0040A040', 1, 'ValueType'],
  ['0040A043', 1, 'ConceptNameCodeSequence'],
  ['0040A050', 1, 'ContinuityOfContent'],
  ['0040A730', 1, 'ContentSequence'],
];

/** Comprehensive SR: Patient, General Study, SR Document Series, General Equipment, SR Document General and Content, SOP Common. */
export const COMPREHENSIVE_SR_REQUIRED: Requirements = [
  ...PATIENT_STUDY,
  ['00081111', 2, 'ReferencedPerformedProcedureStepSequence'],
  ['0040A491', 1, 'CompletionFlag'],
  ['0040A493', 1, 'VerificationFlag'],
  ['00080023', 1, 'ContentDate'],
  ['00080033', 1, 'ContentTime'],
  ['0040A372', 2, 'PerformedProcedureCodeSequence'],
  ['0040A375', 1, 'CurrentRequestedProcedureEvidenceSequence'],
  ...SR_CONTENT,
];

/** Key Object Selection Document. */
export const KEY_OBJECT_REQUIRED: Requirements = [
  ...PATIENT_STUDY,
  ['00081111', 2, 'ReferencedPerformedProcedureStepSequence'],
  ['00080023', 1, 'ContentDate'],
  ['00080033', 1, 'ContentTime'],
  ['0040A375', 1, 'CurrentRequestedProcedureEvidenceSequence'],
  ...SR_CONTENT,
];

/** Encapsulated PDF. */
export const ENCAPSULATED_PDF_REQUIRED: Requirements = [
  ...PATIENT_STUDY,
  ['00080064', 1, 'ConversionType'],
  ['00080023', 2, 'ContentDate'],
  ['00080033', 2, 'ContentTime'],
  ['0008002A', 2, 'AcquisitionDateTime'],
  ['00280301', 1, 'BurnedInAnnotation'],
  ['00420010', 2, 'DocumentTitle'],
  ['0040A043', 2, 'ConceptNameCodeSequence'],
  ['00420012', 1, 'MIMETypeOfEncapsulatedDocument'],
  ['00420011', 1, 'EncapsulatedDocument'],
];

/** The top-level attributes of a file, by tag, as dcmtk reads them (with their value, or `(no value)`). */
function topLevel(path: string): Map<string, string> {
  const out = execFileSync('dcmdump', ['+L', path], { encoding: 'utf8' });
  const found = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) [A-Z]{2} (.*)$/i.exec(line);
    if (m) found.set(`${m[1]}${m[2]}`.toUpperCase(), m[3]!);
  }
  return found;
}

/** Required attributes missing from the file, or empty when type 1. */
export function missingAttributes(path: string, required: Requirements): string[] {
  const found = topLevel(path);
  return required.flatMap(([tag, type, name]) => {
    const value = found.get(tag);
    if (value === undefined) return [`${name} (${tag}) missing`];
    const empty = /^\(no value available\)|^\(Sequence with (explicit|undefined) length #=0\)/.test(value);
    return type === 1 && empty ? [`${name} (${tag}) empty but type 1`] : [];
  });
}

/** Runs a dcmtk tool: exit code, output, and the lines it wrote to stderr (warnings and errors). */
export function dcmtk(tool: string, args: string[]): { code: number; stdout: string; messages: string[] } {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    messages: result.stderr.split('\n').filter((l) => l.trim() !== ''),
  };
}
