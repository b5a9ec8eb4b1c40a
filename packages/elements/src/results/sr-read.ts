/**
 * Reading TID 1500 measurement reports, Fovea's own and other tools': each
 * Measurement Group's spatial coordinates (SCOORD, in image coordinates) and
 * what they measure, turned into {@link Measurement}s Fovea can draw.
 *
 * Shapes Fovea has tools for are read: a 2-point POLYLINE (a length, or an
 * arrow when the group holds a text), a 3-point POLYLINE (an angle), a closed
 * axis-aligned rectangle, an axis-aligned ELLIPSE or a CIRCLE (an ellipse), a
 * POINT (a probe, or an arrow's tip with a text). Others (3D coordinates,
 * free-hand outlines, rotated ellipses, bidirectional pairs) are counted as
 * skipped, never drawn approximately. Values in the report are passed on for
 * the host; the viewport recomputes them from the image when it draws them.
 */
import type {
  Measurement,
  MeasurementImage,
  MeasurementKind,
  MeasurementUnit,
  RegionStats,
} from '../model/measurements.js';
import { CODES, sameCode, type Code } from './codes.js';
import type { Dataset } from './dicom-file.js';
import { evidenceIndex, evidenceSeries, imagesOf } from './evidence.js';
import { children, code, conceptName, items, number, numbers, text } from './natural.js';
import { ReportError } from './report-error.js';
import { idFromTrackingUid } from './sr-write.js';

/** SOP classes of structured reports that can hold a TID 1500 measurement report. */
export const SR_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.88.11', // Basic Text SR
  '1.2.840.10008.5.1.4.1.1.88.22', // Enhanced SR
  '1.2.840.10008.5.1.4.1.1.88.33', // Comprehensive SR
  '1.2.840.10008.5.1.4.1.1.88.34', // Comprehensive 3D SR
  '1.2.840.10008.5.1.4.1.1.88.35', // Extensible SR
]);

/** What a measurement report says, as far as Fovea can show it. */
export interface ReadReport {
  measurements: Measurement[];
  /** Shapes of the report Fovea cannot draw (3D coordinates, free-hand outlines, …). */
  skipped: number;
  /** The series the report's evidence names. */
  referencedSeries: string[];
}

const UNITS: Readonly<Record<string, MeasurementUnit>> = {
  mm: 'mm',
  mm2: 'mm²',
  '{px}': 'px',
  '{px2}': 'px²',
  deg: 'deg',
  "[hnsf'U]": 'HU',
};

interface Num {
  name: Code | undefined;
  value: number | undefined;
  unit: string;
}

function readNum(item: Dataset): Num {
  const measured = items(item, 'MeasuredValueSequence')[0];
  const value = number(measured, 'FloatingPointValue') ?? number(measured, 'NumericValue');
  const unit = code(measured, 'MeasurementUnitsCodeSequence');
  return { name: conceptName(item), value, unit: unit ? (UNITS[unit.value] ?? unit.value) : '' };
}

/** One drawable shape of a group: its coordinates, image, and the values and text that refer to it. */
interface Shape {
  graphicType: string;
  points: [number, number][];
  image: MeasurementImage | undefined;
  nums: Num[];
}

/** True when the group says it carries a free-text label (our Comment, or another tool's finding text). */
function labelOf(group: Dataset): string | undefined {
  for (const item of children(group)) {
    const type = text(item, 'ValueType');
    if (type === 'TEXT' && sameCode(conceptName(item), CODES.comment)) return text(item, 'TextValue') ?? '';
    if (type === 'CODE' && sameCode(conceptName(item), CODES.finding)) {
      // Cornerstone writes an arrow's label as the meaning of a private "free text" finding code.
      const finding = code(item, 'ConceptCodeSequence');
      if (finding && /FREETEXT/i.test(finding.scheme)) return finding.meaning;
    }
  }
  return undefined;
}

function pointsOf(scoord: Dataset): [number, number][] | undefined {
  const data = numbers(scoord, 'GraphicData');
  if (!data || data.length < 2 || data.length % 2 !== 0) return undefined;
  const out: [number, number][] = [];
  for (let i = 0; i < data.length; i += 2) out.push([data[i]!, data[i + 1]!]);
  return out;
}

/** Collects the shapes of a group: SCOORDs directly in it, and those items infer from. */
function shapesOf(group: Dataset, evidence: ReturnType<typeof evidenceIndex>, skip: () => void): Shape[] {
  const shapes: Shape[] = [];
  const regionNums: Num[] = [];
  const add = (scoord: Dataset, num: Num | undefined) => {
    const points = pointsOf(scoord);
    const graphicType = text(scoord, 'GraphicType') ?? '';
    if (!points) return skip();
    const source = children(scoord).find((c) => text(c, 'ValueType') === 'IMAGE');
    const ref = source ? imagesOf(source, evidence)[0] : undefined;
    const image = ref
      ? {
          studyInstanceUid: ref.studyInstanceUid,
          seriesInstanceUid: ref.seriesInstanceUid,
          sopInstanceUid: ref.sopInstanceUid,
          frame: ref.frame ?? 1,
        }
      : undefined;
    const same = shapes.find(
      (s) =>
        s.graphicType === graphicType &&
        s.image?.sopInstanceUid === image?.sopInstanceUid &&
        s.image?.frame === image?.frame &&
        s.points.length === points.length &&
        s.points.every((p, i) => Math.abs(p[0] - points[i]![0]) < 1e-3 && Math.abs(p[1] - points[i]![1]) < 1e-3),
    );
    if (same) {
      if (num) same.nums.push(num);
      return;
    }
    shapes.push({ graphicType, points, image, nums: num ? [num] : [] });
  };
  for (const item of children(group)) {
    const type = text(item, 'ValueType');
    if (type === 'SCOORD') add(item, undefined);
    else if (type === 'SCOORD3D') skip();
    else if (type === 'NUM' || type === 'TEXT' || type === 'CODE') {
      const num = type === 'NUM' ? readNum(item) : undefined;
      const inferred = children(item).filter((c) => text(c, 'RelationshipType') === 'INFERRED FROM');
      const coordinates = inferred.filter((c) => text(c, 'ValueType') === 'SCOORD');
      for (const c of inferred) if (text(c, 'ValueType') === 'SCOORD3D') skip();
      coordinates.forEach((c) => add(c, num));
      // A NUM without coordinates of its own measures the group's region (TID 1410).
      if (num && coordinates.length === 0) regionNums.push(num);
    }
  }
  for (const shape of shapes) if (shape.nums.length === 0) shape.nums.push(...regionNums);
  return shapes;
}

const near = (a: number, b: number, tolerance = 1e-3) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

/** The kind and Fovea points of a shape, or undefined for shapes no tool draws. */
function geometry(
  shape: Shape,
  label: string | undefined,
): { kind: MeasurementKind; points: [number, number][] } | undefined {
  const p = shape.points;
  switch (shape.graphicType) {
    case 'POINT':
      if (p.length !== 1) return undefined;
      // Another tool's arrow may be its tip alone: the tail is placed up and to the left of it.
      return label !== undefined
        ? { kind: 'arrow', points: [p[0]!, [p[0]![0] - 20, p[0]![1] - 20]] }
        : { kind: 'probe', points: [p[0]!] };
    case 'POLYLINE': {
      if (p.length === 2) return { kind: label !== undefined && !shape.nums.length ? 'arrow' : 'length', points: p };
      if (p.length === 3) return { kind: 'angle', points: p };
      const closed = p.length === 5 && near(p[0]![0], p[4]![0]) && near(p[0]![1], p[4]![1]);
      if (!closed) return undefined;
      const xs = p.slice(0, 4).map((q) => q[0]);
      const ys = p.slice(0, 4).map((q) => q[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      // Axis-aligned: every corner is on the bounding box's corners.
      const rectangle = p
        .slice(0, 4)
        .every((q) => (near(q[0], x0) || near(q[0], x1)) && (near(q[1], y0) || near(q[1], y1)));
      return rectangle && x1 > x0 && y1 > y0
        ? {
            kind: 'rectangle',
            points: [
              [x0, y0],
              [x1, y1],
            ],
          }
        : undefined;
    }
    case 'ELLIPSE': {
      if (p.length !== 4) return undefined;
      const [a, b, c, d] = p as [[number, number], [number, number], [number, number], [number, number]];
      const horizontal = (u: [number, number], v: [number, number]) => near(u[1], v[1]) && !near(u[0], v[0]);
      const vertical = (u: [number, number], v: [number, number]) => near(u[0], v[0]) && !near(u[1], v[1]);
      const aligned = (horizontal(a, b) && vertical(c, d)) || (vertical(a, b) && horizontal(c, d));
      if (!aligned) return undefined;
      const xs = p.map((q) => q[0]);
      const ys = p.map((q) => q[1]);
      return {
        kind: 'ellipse',
        points: [
          [Math.min(...xs), Math.min(...ys)],
          [Math.max(...xs), Math.max(...ys)],
        ],
      };
    }
    case 'CIRCLE': {
      if (p.length !== 2) return undefined;
      const [[cx, cy], [ex, ey]] = p as [[number, number], [number, number]];
      const r = Math.hypot(ex - cx, ey - cy);
      if (!(r > 0)) return undefined;
      return {
        kind: 'ellipse',
        points: [
          [cx - r, cy - r],
          [cx + r, cy + r],
        ],
      };
    }
    default:
      return undefined;
  }
}

function valueOf(
  kind: MeasurementKind,
  nums: readonly Num[],
): { value?: number; unit: MeasurementUnit; stats?: RegionStats } {
  const find = (c: Code) => nums.find((n) => sameCode(n.name, c));
  const unit = (n: Num | undefined, fallback: MeasurementUnit): MeasurementUnit =>
    n && (Object.values(UNITS) as string[]).includes(n.unit) ? (n.unit as MeasurementUnit) : fallback;
  switch (kind) {
    case 'length': {
      const n = find(CODES.length) ?? nums.find((x) => x.unit === 'mm' || x.unit === 'px');
      return { ...(n?.value !== undefined ? { value: n.value } : {}), unit: unit(n, 'mm') };
    }
    case 'angle': {
      const n = find(CODES.angle) ?? nums.find((x) => x.unit === 'deg');
      return { ...(n?.value !== undefined ? { value: n.value } : {}), unit: 'deg' };
    }
    case 'probe': {
      const n = find(CODES.mean) ?? nums[0];
      return { ...(n?.value !== undefined ? { value: n.value } : {}), unit: n?.unit === 'HU' ? 'HU' : '' };
    }
    case 'rectangle':
    case 'ellipse': {
      const area = find(CODES.area);
      const [mean, sd, min, max] = [CODES.mean, CODES.standardDeviation, CODES.minimum, CODES.maximum].map(find);
      const stats =
        mean?.value !== undefined
          ? {
              mean: mean.value,
              stdDev: sd?.value ?? NaN,
              min: min?.value ?? NaN,
              max: max?.value ?? NaN,
              unit: mean.unit === 'HU' ? 'HU' : '',
            }
          : undefined;
      return {
        ...(area?.value !== undefined ? { value: area.value } : {}),
        unit: unit(area, 'mm²'),
        ...(stats ? { stats } : {}),
      };
    }
    default:
      return { unit: '' };
  }
}

/** True when `dataset` is an SR whose root is a TID 1500 Measurement Report. */
export function isMeasurementReport(dataset: Dataset): boolean {
  if (!SR_CLASSES.has(text(dataset, 'SOPClassUID') ?? '')) return false;
  const template = items(dataset, 'ContentTemplateSequence')[0];
  return (
    text(dataset, 'ValueType') === 'CONTAINER' &&
    (sameCode(conceptName(dataset), CODES.imagingMeasurementReport) || text(template, 'TemplateIdentifier') === '1500')
  );
}

/**
 * The measurements of a TID 1500 report. Throws a {@link ReportError}: `not-sr`
 * for an object that is not an SR, `template` for an SR of another template.
 */
export function readMeasurementReport(dataset: Dataset): ReadReport {
  if (!SR_CLASSES.has(text(dataset, 'SOPClassUID') ?? '')) {
    throw new ReportError('not-sr', 'the object is not a structured report');
  }
  if (!isMeasurementReport(dataset)) {
    throw new ReportError('template', 'the structured report does not follow TID 1500');
  }
  const evidence = evidenceIndex(dataset);
  const containers = children(dataset).filter(
    (c) => text(c, 'ValueType') === 'CONTAINER' && sameCode(conceptName(c), CODES.imagingMeasurements),
  );
  const measurements: Measurement[] = [];
  let skipped = 0;
  const skip = () => void skipped++;
  for (const container of containers) {
    for (const group of children(container)) {
      if (text(group, 'ValueType') !== 'CONTAINER' || !sameCode(conceptName(group), CODES.measurementGroup)) continue;
      const trackingUid = children(group).find((c) => sameCode(conceptName(c), CODES.trackingUniqueIdentifier));
      const uid = text(trackingUid, 'UID');
      const label = labelOf(group);
      const shapes = shapesOf(group, evidence, skip);
      shapes.forEach((shape, i) => {
        const shaped = geometry(shape, label);
        if (!shaped || !shape.image) return skip();
        const base = uid ? idFromTrackingUid(uid) : crypto.randomUUID();
        const measurement: Measurement = {
          id: shapes.length > 1 ? `${base}:${i + 1}` : base,
          kind: shaped.kind,
          image: shape.image,
          points: shaped.points.map((point) => ({ image: point })),
          spacing: 'none',
          ...valueOf(shaped.kind, shape.nums),
        };
        if (shaped.kind === 'arrow') measurement.text = label ?? '';
        measurements.push(measurement);
      });
    }
  }
  return { measurements, skipped, referencedSeries: evidenceSeries(dataset) };
}
