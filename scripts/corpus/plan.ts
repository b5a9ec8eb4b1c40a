/**
 * What the test corpus holds: for each transfer syntax we claim, which sample
 * series are written in it. make-corpus.sh holds the tool command of each
 * syntax; prepare.ts writes the uncompressed sources; manifest.ts describes the
 * result.
 */

export interface CorpusSeries {
  /** Series key from packages/demo/src/sample/studies.ts. */
  readonly key: string;
  /** Keep only the middle N instances (contiguous); all when absent. */
  readonly max?: number;
  /** Reduce to 8 bits stored first (JPEG baseline sources). */
  readonly bits8?: boolean;
}

export interface CorpusSyntax {
  /** Directory name under .data/corpus and variant key of the UIDs. */
  readonly key: string;
  readonly uid: string;
  /** Appended to SeriesDescription as ` [label]`. */
  readonly label: string;
  readonly lossy: boolean;
  /** Added to the base series number: each variant is its own series. */
  readonly seriesNumberBase: number;
  readonly series: readonly CorpusSeries[];
}

/** The base: make-samples' own output, uncompressed Explicit VR Little Endian. */
export const BASE_SYNTAX_KEY = 'explicit-le';

const FEW = 3;
const ALL_LOSSLESS: readonly CorpusSeries[] = [
  { key: 'ct', max: FEW },
  { key: 'mr', max: FEW },
  { key: 'cr' },
  { key: 'dx' },
  { key: 'us' },
  { key: 'palette' },
];

export const SYNTAXES: readonly CorpusSyntax[] = [
  {
    key: BASE_SYNTAX_KEY,
    uid: '1.2.840.10008.1.2.1',
    label: 'Explicit VR Little Endian',
    lossy: false,
    seriesNumberBase: 0,
    series: [{ key: 'ct' }, { key: 'mr' }, { key: 'cr' }, { key: 'dx' }, { key: 'us' }, { key: 'palette' }],
  },
  {
    key: 'implicit-le',
    uid: '1.2.840.10008.1.2',
    label: 'Implicit VR Little Endian',
    lossy: false,
    seriesNumberBase: 100,
    series: [{ key: 'ct', max: FEW }, { key: 'mr', max: FEW }, { key: 'cr' }, { key: 'us' }, { key: 'palette' }],
  },
  {
    key: 'explicit-be',
    uid: '1.2.840.10008.1.2.2',
    label: 'Explicit VR Big Endian',
    lossy: false,
    seriesNumberBase: 200,
    series: [{ key: 'ct', max: FEW }, { key: 'mr', max: FEW }, { key: 'dx' }, { key: 'us' }, { key: 'palette' }],
  },
  {
    key: 'deflate',
    uid: '1.2.840.10008.1.2.1.99',
    label: 'Deflated Explicit VR LE',
    lossy: false,
    seriesNumberBase: 300,
    series: ALL_LOSSLESS,
  },
  {
    key: 'rle',
    uid: '1.2.840.10008.1.2.5',
    label: 'RLE Lossless',
    lossy: false,
    seriesNumberBase: 400,
    series: ALL_LOSSLESS,
  },
  {
    key: 'jpeg-baseline',
    uid: '1.2.840.10008.1.2.4.50',
    label: 'JPEG Baseline 8-bit',
    lossy: true,
    seriesNumberBase: 500,
    series: [{ key: 'mr', max: FEW, bits8: true }, { key: 'cr', bits8: true }, { key: 'us' }],
  },
  {
    key: 'jpeg-extended',
    uid: '1.2.840.10008.1.2.4.51',
    label: 'JPEG Extended 12-bit',
    lossy: true,
    seriesNumberBase: 600,
    series: [{ key: 'mr', max: FEW }, { key: 'cr' }, { key: 'dx' }],
  },
  {
    key: 'jpeg-lossless-sv1',
    uid: '1.2.840.10008.1.2.4.70',
    label: 'JPEG Lossless SV1',
    lossy: false,
    seriesNumberBase: 700,
    series: ALL_LOSSLESS,
  },
  {
    key: 'jpegls-lossless',
    uid: '1.2.840.10008.1.2.4.80',
    label: 'JPEG-LS Lossless',
    lossy: false,
    seriesNumberBase: 800,
    // The whole CT series: benchmarks compare it with the Explicit LE one.
    series: [{ key: 'ct' }, { key: 'mr', max: FEW }, { key: 'cr' }, { key: 'dx' }, { key: 'us' }, { key: 'palette' }],
  },
  {
    key: 'jpegls-near-lossless',
    uid: '1.2.840.10008.1.2.4.81',
    label: 'JPEG-LS Near-Lossless',
    lossy: true,
    seriesNumberBase: 900,
    series: [{ key: 'ct', max: FEW }, { key: 'mr', max: FEW }, { key: 'cr' }, { key: 'dx' }, { key: 'us' }],
  },
  {
    key: 'j2k-lossless',
    uid: '1.2.840.10008.1.2.4.90',
    label: 'JPEG 2000 Lossless',
    lossy: false,
    seriesNumberBase: 1000,
    series: ALL_LOSSLESS,
  },
  {
    key: 'j2k-lossy',
    uid: '1.2.840.10008.1.2.4.91',
    label: 'JPEG 2000 Lossy',
    lossy: true,
    seriesNumberBase: 1100,
    series: [{ key: 'ct', max: FEW }, { key: 'mr', max: FEW }, { key: 'cr' }, { key: 'dx' }, { key: 'us' }],
  },
];

/** Names of the transfer syntaxes, for the manifest. */
export const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
};
