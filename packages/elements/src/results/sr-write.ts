/**
 * Measurements as a DICOM Comprehensive SR following TID 1500 (Measurement
 * Report), built here from the standard's templates rather than with
 * Cornerstone's or dcmjs's report adapters: those write private codes
 * (`99dcmjs`), over-long SH values and NUM items without a value, which
 * validators reject (cornerstone3D#2058). dcmjs only encodes the result.
 *
 * Each measurement is one Measurement Group:
 * - length, angle, probe (TID 1501): a NUM (Length, Angle, Mean) INFERRED FROM
 *   a SCOORD (POLYLINE of 2 or 3 points, POINT) SELECTED FROM its image;
 * - rectangle, ellipse (TID 1410): an Image Region SCOORD (closed POLYLINE,
 *   ELLIPSE) and the NUMs of TID 1419 (Area, Mean, Standard Deviation,
 *   Minimum, Maximum);
 * - arrow (TID 1501): its label as a TEXT (Comment) INFERRED FROM a 2-point
 *   POLYLINE, tip first.
 * Graphic data are image coordinates (column, row) with (0, 0) at the top-left
 * corner of the top-left pixel, as in Fovea's measurements (PS3.3 C.18.6.1.2).
 * The Tracking Unique Identifier carries the measurement's id (a UUID as a
 * `2.25` UID), so that a report read back gives the same ids.
 */
import type { Measurement, MeasurementUnit } from '../model/measurements.js';
import { CODES, type Code } from './codes.js';
import {
  builtDocument,
  codeItem,
  contentItem,
  decimalString,
  deviceObserverItems,
  documentHeader,
  evidence,
  fit,
  imageRef,
  languageItem,
  newDocument,
  referencedSop,
  type BuiltDocument,
  type ReferencedImage,
} from './composite.js';
import type { Dataset } from './dicom-file.js';
import { newUid, uidToUuid, uuidToUid } from './uid.js';

/** SOP Class UID of Comprehensive SR. */
export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

/** Who made the measurements, as the report records it (TID 1002). */
export interface ReportObserver {
  /** The person, as a DICOM person name (`Family^Given`). Without one, the report names Fovea (a device) as observer. */
  personName?: string;
}

/** Options of a measurement report. */
export interface MeasurementReportOptions {
  /** Who made the measurements; Fovea as a device when no person is given. */
  observer?: ReportObserver;
  /** Series Description of the report's new series (default `Measurements`). */
  seriesDescription?: string;
  /** Series Number of the report's new series (default 9900). */
  seriesNumber?: number;
}

/** Finds the header of the image a measurement was made on. */
export type ImageLookup = (measurement: Measurement) => ReferencedImage | undefined;

const KIND_LABEL: Record<Measurement['kind'], string> = {
  length: 'Length',
  angle: 'Angle',
  rectangle: 'Rectangle',
  ellipse: 'Ellipse',
  probe: 'Probe',
  arrow: 'Arrow',
};

function unitCode(unit: MeasurementUnit | string): Code {
  switch (unit) {
    case 'mm':
      return CODES.millimetre;
    case 'mm²':
      return CODES.squareMillimetre;
    case 'px':
      return CODES.pixel;
    case 'px²':
      return CODES.squarePixel;
    case 'deg':
      return CODES.degree;
    case 'HU':
      return CODES.hounsfield;
    default:
      return CODES.noUnits;
  }
}

/** A NUM item; without a value, an empty Measured Value Sequence qualified as "Measurement not attempted". */
function num(name: Code, value: number | undefined, unit: Code, children: readonly Dataset[] = []): Dataset {
  const measured =
    value === undefined
      ? { MeasuredValueSequence: [], NumericValueQualifierCodeSequence: [codeItem(CODES.measurementNotAttempted)] }
      : {
          MeasuredValueSequence: [
            {
              MeasurementUnitsCodeSequence: [codeItem(unit)],
              NumericValue: decimalString(value),
              // The exact value: DS holds 16 characters.
              FloatingPointValue: value,
            },
          ],
        };
  return contentItem('CONTAINS', 'NUM', name, measured, children);
}

function scoord(
  relationship: string,
  name: Code | undefined,
  graphicType: string,
  points: readonly (readonly [number, number])[],
  image: ReferencedImage,
): Dataset {
  return contentItem(relationship, 'SCOORD', name, { GraphicType: graphicType, GraphicData: points.flat() }, [
    contentItem('SELECTED FROM', 'IMAGE', undefined, { ReferencedSOPSequence: [referencedSop(imageRef(image))] }),
  ]);
}

/** The measurement's id as a Tracking Unique Identifier (its UUID as a `2.25` UID; a new UID otherwise). */
export function trackingUid(id: string): string {
  try {
    return uuidToUid(id);
  } catch {
    return newUid();
  }
}

/** The id a measurement read back gets from its Tracking Unique Identifier. */
export function idFromTrackingUid(uid: string): string {
  return uidToUuid(uid) ?? uid;
}

function ellipseAxes(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const horizontal: [number, number][] = [
    [x0, cy],
    [x1, cy],
  ];
  const vertical: [number, number][] = [
    [cx, y0],
    [cx, y1],
  ];
  // Major axis first (PS3.3 C.18.6.1.2).
  return Math.abs(x1 - x0) >= Math.abs(y1 - y0) ? [...horizontal, ...vertical] : [...vertical, ...horizontal];
}

/** The Measurement Group of one measurement. */
function measurementGroup(m: Measurement, image: ReferencedImage, n: number): Dataset {
  const points = m.points.map((p) => p.image);
  const tracking = [
    contentItem('HAS OBS CONTEXT', 'TEXT', CODES.trackingIdentifier, { TextValue: `${KIND_LABEL[m.kind]} ${n}` }),
    contentItem('HAS OBS CONTEXT', 'UIDREF', CODES.trackingUniqueIdentifier, { UID: trackingUid(m.id) }),
  ];
  const has = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const content: Dataset[] = [...tracking];
  let template = '1501';
  switch (m.kind) {
    case 'length':
    case 'angle': {
      const line = scoord('INFERRED FROM', undefined, 'POLYLINE', points, image);
      const name = m.kind === 'length' ? CODES.length : CODES.angle;
      content.push(num(name, has(m.value) ? m.value : undefined, unitCode(m.unit), [line]));
      break;
    }
    case 'probe': {
      const point = scoord('INFERRED FROM', undefined, 'POINT', points, image);
      content.push(num(CODES.mean, has(m.value) ? m.value : undefined, unitCode(m.unit), [point]));
      break;
    }
    case 'arrow': {
      const line = scoord('INFERRED FROM', undefined, 'POLYLINE', points, image);
      content.push(contentItem('CONTAINS', 'TEXT', CODES.comment, { TextValue: m.text ?? '' }, [line]));
      break;
    }
    case 'rectangle':
    case 'ellipse': {
      template = '1410';
      const [[x0, y0], [x1, y1]] = points as [[number, number], [number, number]];
      const outline: [number, number][] =
        m.kind === 'rectangle'
          ? [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ]
          : ellipseAxes(x0, y0, x1, y1);
      content.push(
        scoord('CONTAINS', CODES.imageRegion, m.kind === 'rectangle' ? 'POLYLINE' : 'ELLIPSE', outline, image),
      );
      if (has(m.value)) content.push(num(CODES.area, m.value, unitCode(m.unit)));
      const stats = m.stats;
      if (stats) {
        const unit = unitCode(stats.unit);
        if (has(stats.mean)) content.push(num(CODES.mean, stats.mean, unit));
        if (has(stats.stdDev)) content.push(num(CODES.standardDeviation, stats.stdDev, unit));
        if (has(stats.min)) content.push(num(CODES.minimum, stats.min, unit));
        if (has(stats.max)) content.push(num(CODES.maximum, stats.max, unit));
      }
      break;
    }
  }
  return {
    ...contentItem('CONTAINS', 'CONTAINER', CODES.measurementGroup, { ContinuityOfContent: 'SEPARATE' }, content),
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }],
  };
}

/** Observer Context (TID 1002): the person when known, and Fovea as the device that measured. */
function observerContext(observer: ReportObserver | undefined): Dataset[] {
  const person = observer?.personName?.trim();
  const items: Dataset[] = [];
  if (person) {
    items.push(
      contentItem('HAS OBS CONTEXT', 'CODE', CODES.observerType, { ConceptCodeSequence: [codeItem(CODES.person)] }),
      contentItem('HAS OBS CONTEXT', 'PNAME', CODES.personObserverName, {
        PersonName: [{ Alphabetic: fit(person, 64) }],
      }),
    );
  }
  items.push(
    ...deviceObserverItems(),
    contentItem('HAS OBS CONTEXT', 'TEXT', CODES.deviceObserverManufacturer, { TextValue: 'Fovea' }),
  );
  return items;
}

/**
 * A Comprehensive SR (TID 1500) of `measurements`, in the study of their
 * images. Measurements whose image `lookup` does not know are left out; none
 * known throws a RangeError.
 */
export function measurementReport(
  measurements: readonly Measurement[],
  lookup: ImageLookup,
  options: MeasurementReportOptions = {},
  now = new Date(),
): BuiltDocument {
  const known = measurements.flatMap((m) => {
    const image = lookup(m);
    return image ? [{ m, image }] : [];
  });
  const first = known[0];
  if (!first) throw new RangeError('no measurement on a known image');
  const studyInstanceUid = first.image.instance.studyInstanceUid;
  // The image library lists each image once.
  const library = new Map<string, ReferencedImage>();
  for (const { image } of known) library.set(`${image.instance.sopInstanceUid}|${image.frame}`, image);
  const counts = new Map<string, number>();
  const groups = known.map(({ m, image }) => {
    const n = (counts.get(m.kind) ?? 0) + 1;
    counts.set(m.kind, n);
    return measurementGroup(m, image, n);
  });
  const doc = newDocument(now);
  const root = {
    ...contentItem(
      undefined,
      'CONTAINER',
      CODES.imagingMeasurementReport,
      {
        ContinuityOfContent: 'SEPARATE',
        ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
      },
      [
        languageItem(),
        ...observerContext(options.observer),
        contentItem('HAS CONCEPT MOD', 'CODE', CODES.procedureReported, {
          ConceptCodeSequence: [codeItem(CODES.imagingProcedure)],
        }),
        contentItem('CONTAINS', 'CONTAINER', CODES.imageLibrary, { ContinuityOfContent: 'SEPARATE' }, [
          contentItem('CONTAINS', 'CONTAINER', CODES.imageLibraryGroup, { ContinuityOfContent: 'SEPARATE' }, [
            ...[...library.values()].map((image) =>
              contentItem('CONTAINS', 'IMAGE', undefined, { ReferencedSOPSequence: [referencedSop(imageRef(image))] }),
            ),
          ]),
        ]),
        contentItem('CONTAINS', 'CONTAINER', CODES.imagingMeasurements, { ContinuityOfContent: 'SEPARATE' }, groups),
      ],
    ),
  };
  const dataset: Dataset = {
    ...documentHeader(doc, COMPREHENSIVE_SR, first.image.instance, {
      modality: 'SR',
      number: options.seriesNumber ?? 9900,
      description: options.seriesDescription ?? 'Measurements',
    }),
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: doc.date,
    ContentTime: doc.time,
    PerformedProcedureCodeSequence: [],
    ...evidence(studyInstanceUid, [...library.values()].map(imageRef)),
    ...root,
  };
  return builtDocument(dataset, studyInstanceUid, doc, COMPREHENSIVE_SR);
}
