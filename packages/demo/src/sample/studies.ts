/**
 * The sample patients, studies and series that make-samples writes.
 *
 * Plain data: the pixels come from phantom.ts, the data sets from instances.ts.
 * Keys are stable: UIDs are derived from them (uid.ts), file paths use them, and
 * tests and the corpus manifest refer to them.
 */

/** The phantom a series shows. */
export type PhantomKind = 'ct' | 'mr' | 'cr' | 'dx' | 'us' | 'palette';

export interface PatientSpec {
  readonly key: string;
  /** Patient's Name (0010,0010), PN with up to three component groups. */
  readonly name: string;
  readonly id: string;
  readonly birthDate: string;
  readonly sex: 'M' | 'F' | 'O';
  /** Specific Character Set (0008,0005); null leaves it out (default repertoire, ASCII only). */
  readonly charset: 'ISO_IR 192' | null;
  /** Patient Comments (0010,4000), LT. */
  readonly comments?: string;
  /** Other Patient Names (0010,1001), PN. */
  readonly otherNames?: string;
}

export interface SeriesSpec {
  /** Unique over all studies; the directory name of the series. */
  readonly key: string;
  readonly kind: PhantomKind;
  readonly number: number;
  readonly description: string;
  readonly bodyPart: string;
  /** Image Comments (0020,4000), LT. */
  readonly imageComments?: string;
}

export interface StudySpec {
  readonly key: string;
  readonly patient: PatientSpec;
  readonly description: string;
  readonly date: string;
  readonly time: string;
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly referringPhysician: string;
  readonly institution: string;
  readonly series: readonly SeriesSpec[];
}

export const PATIENT_MUELLER: PatientSpec = {
  key: 'mueller',
  name: 'Müller^Jürgen',
  id: 'FOVEA-0001',
  birthDate: '19580723',
  sex: 'M',
  charset: 'ISO_IR 192',
  otherNames: 'Mueller^Juergen',
  comments: 'Größe 182 cm, Gewicht 84 kg. Äußerst kooperativ; „Phantom“-Daten, keine echten Patientendaten.',
};

export const PATIENT_YAMADA: PatientSpec = {
  key: 'yamada',
  name: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
  id: 'FOVEA-0002',
  birthDate: '19710203',
  sex: 'M',
  charset: 'ISO_IR 192',
  comments: '合成ファントム画像です。実際の患者データではありません。',
};

/** Every free-text field of this patient holds an HTML / script payload: a viewer must show them as text. */
export const XSS_PAYLOADS = {
  patientName: '<img src=x onerror=alert(1)>',
  otherNames: '<svg onload=alert(2)>',
  comments:
    '<script>window.__foveaXss=1</script> {{constructor.constructor("window.__foveaXss=2")()}} javascript:alert(3)',
  studyDescription: '<script>window.__foveaXss=1</script>',
  seriesDescription: '<img src=x onerror=alert(1)>',
  institution: '"><svg onload=window.__foveaXss=4>',
  referringPhysician: '<b>Dr</b>^<i>Evil</i>',
  accessionNumber: '<i>ACC</i>',
  studyId: '"><x>',
  imageComments: '<iframe src="javascript:window.__foveaXss=5"></iframe>',
} as const;

export const PATIENT_XSS: PatientSpec = {
  key: 'xss',
  name: XSS_PAYLOADS.patientName,
  id: 'FOVEA-0003',
  birthDate: '19900101',
  sex: 'O',
  charset: null,
  otherNames: XSS_PAYLOADS.otherNames,
  comments: XSS_PAYLOADS.comments,
};

export const PATIENTS: readonly PatientSpec[] = [PATIENT_MUELLER, PATIENT_YAMADA, PATIENT_XSS];

export const STUDIES: readonly StudySpec[] = [
  {
    key: 'mueller-ct',
    patient: PATIENT_MUELLER,
    description: 'CT Thorax/Abdomen – Phantom',
    date: '20240315',
    time: '093012',
    accessionNumber: 'ACC-1001',
    studyId: 'CT1001',
    referringPhysician: 'Schröder^Käthe^^Dr. med.',
    institution: 'Klinikum Fovea Süd',
    series: [{ key: 'ct', kind: 'ct', number: 2, description: 'Abdomen 2.0 mm Weichteil', bodyPart: 'ABDOMEN' }],
  },
  {
    key: 'mueller-chest',
    patient: PATIENT_MUELLER,
    description: 'Röntgen Thorax p.a.',
    date: '20240316',
    time: '141500',
    accessionNumber: 'ACC-1002',
    studyId: 'RX1002',
    referringPhysician: 'Schröder^Käthe^^Dr. med.',
    institution: 'Klinikum Fovea Süd',
    series: [
      { key: 'cr', kind: 'cr', number: 1, description: 'Thorax p.a. (CR, MONOCHROME1)', bodyPart: 'CHEST' },
      { key: 'dx', kind: 'dx', number: 2, description: 'Thorax p.a. (DX, MONOCHROME2)', bodyPart: 'CHEST' },
    ],
  },
  {
    key: 'yamada-mr',
    patient: PATIENT_YAMADA,
    description: 'MR 頭部 (Head) phantom',
    date: '20240402',
    time: '101010',
    accessionNumber: 'ACC-2001',
    studyId: 'MR2001',
    referringPhysician: 'Suzuki^Hanako=鈴木^花子=すずき^はなこ',
    institution: 'Fovea 総合病院',
    series: [{ key: 'mr', kind: 'mr', number: 3, description: 'T1 axial oblique 5 mm', bodyPart: 'HEAD' }],
  },
  {
    key: 'yamada-us',
    patient: PATIENT_YAMADA,
    description: '心エコー (Echo) phantom',
    date: '20240403',
    time: '083000',
    accessionNumber: 'ACC-2002',
    studyId: 'US2002',
    referringPhysician: 'Suzuki^Hanako=鈴木^花子=すずき^はなこ',
    institution: 'Fovea 総合病院',
    series: [{ key: 'us', kind: 'us', number: 1, description: 'Cine RGB 30 fps', bodyPart: 'HEART' }],
  },
  {
    key: 'xss-sc',
    patient: PATIENT_XSS,
    description: XSS_PAYLOADS.studyDescription,
    date: '20240501',
    time: '120000',
    accessionNumber: XSS_PAYLOADS.accessionNumber,
    studyId: XSS_PAYLOADS.studyId,
    referringPhysician: XSS_PAYLOADS.referringPhysician,
    institution: XSS_PAYLOADS.institution,
    series: [
      {
        key: 'palette',
        kind: 'palette',
        number: 1,
        description: XSS_PAYLOADS.seriesDescription,
        bodyPart: '',
        imageComments: XSS_PAYLOADS.imageComments,
      },
    ],
  },
];

/** The study holding a series, by series key. */
export function findSeries(seriesKey: string): { study: StudySpec; series: SeriesSpec } {
  for (const study of STUDIES) {
    for (const series of study.series) if (series.key === seriesKey) return { study, series };
  }
  throw new Error(`no sample series ${JSON.stringify(seriesKey)}`);
}
