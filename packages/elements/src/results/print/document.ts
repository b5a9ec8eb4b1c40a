/**
 * A print job as pages of positioned things, in millimetres: the header
 * lines, each image (rendered at print resolution) with its corner text,
 * orientation labels, annotations as vector shapes and its scale bar. The PDF
 * (`pdf.ts`) and the browser's print (`sheet.ts`) draw the same document.
 */
import { formatPersonName, getString, type Instance } from '@fovea-dicom/core';
import type { Measurement } from '../../model/measurements.js';
import { imageRef, type ImageRef } from '../composite.js';
import {
  cellRects,
  gridFor,
  HEADER_LINE_MM,
  imageBox,
  pageSize,
  printScaleBar,
  renderSize,
  type PaperOrientation,
  type PaperSize,
  type Rect,
} from './layout.js';

/** Corner lines, as the viewport's overlay shows them. */
export type CornerLines = Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight', string[]>;

/** Orientation labels of the four edges. */
export interface EdgeLabels {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/** An image rendered for print, and where its image points land on it (as fractions of its width and height). */
export interface RenderedImage {
  canvas: HTMLCanvasElement;
  toBox(point: readonly [number, number]): [number, number] | undefined;
  /** Frees what the render holds (called once its shapes are mapped). */
  release(): void;
}

/** One image to print, as a viewport supplies it. */
export interface PrintImage {
  /** Its header: the page header's patient, study and institution, and the PDF's source instances. */
  instance: Instance;
  /** 1-based frame. */
  frame: number;
  /** Size on screen in CSS pixels: the printed aspect ratio. */
  cssSize: readonly [number, number];
  /** CSS pixels per millimetre of the image plane on screen; undefined without pixel spacing. */
  cssPixelsPerMm: number | undefined;
  corners: CornerLines;
  orientation: EdgeLabels | undefined;
  /** The measurements drawn on this image. */
  measurements: readonly Measurement[];
  /** Renders the image as on screen (window, zoom, pan, rotation, flips) at `width` x `height` device pixels. */
  render(width: number, height: number, signal?: AbortSignal): Promise<RenderedImage>;
}

/** What the page header shows (each on by default), as far as the host allows. */
export interface PrintHeader {
  /** Patient name, ID, birth date and sex. */
  patient?: boolean;
  /** Study description, date and accession number. */
  study?: boolean;
  /** Institution Name from the images' header. */
  institution?: boolean;
  /** A line of the host's own (a title, the requesting department, …). */
  title?: string;
}

/** Options of print and PDF output. */
export interface PrintOptions {
  /** Paper size (default `a4`). */
  paper?: PaperSize;
  /** Paper orientation (default `portrait`). */
  orientation?: PaperOrientation;
  /** The page header; `false` prints none. */
  header?: PrintHeader | false;
  /** Print the viewports as laid out on screen (`layout`, default) or the key images, a few to a page (`key-images`). */
  images?: 'layout' | 'key-images';
  /** Resolution the images are rendered at, in dots per inch (default 300; 72 to 600). */
  dpi?: number;
  /** Draw the measurements and annotations (default true). */
  annotations?: boolean;
  /** Draw the corner text and orientation labels (default true). */
  overlays?: boolean;
}

/** A shape of an annotation, in mm on the page. */
export type PrintShape =
  | { kind: 'polyline'; points: [number, number][]; closed: boolean; arrow?: boolean }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }
  | { kind: 'label'; x: number; y: number; text: string };

/** One image on a page. */
export interface PrintedCell {
  box: Rect;
  /** The image rendered at print resolution. */
  image: HTMLCanvasElement;
  corners: CornerLines | undefined;
  orientation: EdgeLabels | undefined;
  scaleBar: { patientMm: number; paperMm: number } | undefined;
  shapes: PrintShape[];
}

/** One page. */
export interface PrintedPage {
  header: string[];
  footer: string;
  cells: PrintedCell[];
}

/** The whole print job. */
export interface PrintDocument {
  paper: PaperSize;
  orientation: PaperOrientation;
  size: { width: number; height: number };
  pages: PrintedPage[];
  /** The images printed (for an Encapsulated PDF's source instances). */
  sources: ImageRef[];
  /** The first image's header: the patient and study of the document. */
  context: Instance;
}

/** The localised words of the header and footer. */
export interface PrintStrings {
  patientId(id: string): string;
  born(date: string): string;
  accession(value: string): string;
  printed(date: string): string;
  page(page: number, pages: number): string;
  /** A measurement's label ("100.0 mm", "Mean 12 HU", an arrow's text). */
  label(measurement: Measurement): string;
  /** A date (DICOM DA parts) in the page's locale. */
  date(d: { year: number; month: number; day: number } | undefined): string;
  /** The moment of printing in the page's locale. */
  now(): string;
}

const join = (parts: (string | undefined)[]) => parts.filter((p) => p && p.trim()).join('   ·   ');

/** The header lines for the document's first image. */
export function headerLines(instance: Instance, header: PrintHeader | false | undefined, s: PrintStrings): string[] {
  if (header === false) return [];
  const h = header ?? {};
  const lines: string[] = [];
  if (h.title?.trim()) lines.push(h.title.trim());
  if (h.patient !== false) {
    lines.push(
      join([
        formatPersonName(instance.patientName),
        instance.patientId ? s.patientId(instance.patientId) : undefined,
        instance.patientBirthDate ? s.born(s.date(instance.patientBirthDate)) : undefined,
        instance.patientSex,
      ]),
    );
  }
  if (h.study !== false) {
    lines.push(
      join([
        instance.studyDescription,
        s.date(instance.studyDate),
        instance.accessionNumber ? s.accession(instance.accessionNumber) : undefined,
      ]),
    );
  }
  if (h.institution !== false) {
    const institution = getString(instance.dataset, '00080080');
    if (institution) lines.push(institution);
  }
  return lines.filter((l) => l !== '');
}

/** The corner lines the header options allow on the images. */
function allowedCorners(corners: CornerLines, header: PrintHeader | false | undefined): CornerLines {
  const h = header === false ? {} : (header ?? {});
  return {
    topLeft: h.patient === false ? [] : corners.topLeft,
    topRight: h.study === false ? corners.topRight.slice(-1) : corners.topRight,
    bottomLeft: corners.bottomLeft,
    bottomRight: corners.bottomRight,
  };
}

/** The annotations of `image` as shapes on the page. */
function shapesOf(
  image: PrintImage,
  rendered: RenderedImage,
  box: Rect,
  label: (m: Measurement) => string,
): PrintShape[] {
  const toPage = (p: readonly [number, number]): [number, number] | undefined => {
    const f = rendered.toBox(p);
    return f ? [box.x + f[0] * box.width, box.y + f[1] * box.height] : undefined;
  };
  const shapes: PrintShape[] = [];
  for (const m of image.measurements) {
    const points = m.points.map((p) => toPage(p.image));
    if (points.some((p) => p === undefined)) continue;
    const mapped = points as [number, number][];
    const text = label(m);
    let anchor = mapped[mapped.length - 1]!;
    if (m.kind === 'rectangle' || m.kind === 'ellipse') {
      const [[x0, y0], [x1, y1]] = m.points.map((p) => p.image) as [[number, number], [number, number]];
      const corners = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ].map((c) => toPage(c as [number, number]));
      if (corners.some((c) => c === undefined)) continue;
      const page = corners as [number, number][];
      const xs = page.map((c) => c[0]);
      const ys = page.map((c) => c[1]);
      if (m.kind === 'rectangle') shapes.push({ kind: 'polyline', points: page, closed: true });
      else {
        // Rotations by quarter turns and flips keep the ellipse's axes on the page's axes.
        const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        shapes.push({
          kind: 'ellipse',
          cx: (minX + maxX) / 2,
          cy: (minY + maxY) / 2,
          rx: (maxX - minX) / 2,
          ry: (maxY - minY) / 2,
        });
      }
      anchor = [Math.max(...xs), Math.min(...ys)];
    } else if (m.kind === 'probe') {
      shapes.push({ kind: 'ellipse', cx: mapped[0]![0], cy: mapped[0]![1], rx: 0.8, ry: 0.8 });
    } else {
      shapes.push({ kind: 'polyline', points: mapped, closed: false, ...(m.kind === 'arrow' ? { arrow: true } : {}) });
      // An arrow's label sits at its tail.
      if (m.kind === 'arrow') anchor = mapped[1]!;
    }
    if (text) shapes.push({ kind: 'label', x: anchor[0] + 1.5, y: anchor[1] - 1.5, text });
  }
  return shapes;
}

/** Renders every image and lays out the pages. */
export async function buildPrintDocument(
  images: readonly PrintImage[],
  options: PrintOptions,
  strings: PrintStrings,
  grid?: { rows: number; columns: number },
  signal?: AbortSignal,
): Promise<PrintDocument> {
  const first = images[0];
  if (!first) throw new RangeError('no image to print');
  const paper = options.paper ?? 'a4';
  const orientation = options.orientation ?? 'portrait';
  const size = pageSize(paper, orientation);
  const dpi = Math.min(600, Math.max(72, options.dpi ?? 300));
  const header = headerLines(first.instance, options.header, strings);
  const { rows, columns } = grid ?? gridFor(images.length, orientation);
  const cells = cellRects(size, rows, columns, header.length);
  const perPage = rows * columns;
  const pageCount = Math.max(1, Math.ceil(images.length / perPage));
  const printed = strings.printed(strings.now());
  const pages: PrintedPage[] = [];
  for (let p = 0; p < pageCount; p++) {
    const page: PrintedPage = {
      header,
      footer: pageCount > 1 ? `${printed}   ·   ${strings.page(p + 1, pageCount)}` : printed,
      cells: [],
    };
    const slice = images.slice(p * perPage, (p + 1) * perPage);
    for (const [i, image] of slice.entries()) {
      signal?.throwIfAborted();
      const [cssWidth, cssHeight] = image.cssSize;
      const box = imageBox(cells[i]!, cssWidth / cssHeight);
      const pixels = renderSize(box, dpi);
      const rendered = await image.render(pixels.width, pixels.height, signal);
      let shapes: PrintShape[];
      try {
        shapes = options.annotations === false ? [] : shapesOf(image, rendered, box, strings.label);
      } finally {
        rendered.release();
      }
      // Paper mm per mm of the image plane: the box is the screen's canvas, printed box.width mm wide.
      const scale = image.cssPixelsPerMm ? (image.cssPixelsPerMm * box.width) / cssWidth : undefined;
      page.cells.push({
        box,
        image: rendered.canvas,
        corners: options.overlays === false ? undefined : allowedCorners(image.corners, options.header),
        orientation: options.overlays === false ? undefined : image.orientation,
        scaleBar: printScaleBar(scale, box.width),
        shapes,
      });
    }
    pages.push(page);
  }
  const sources = new Map<string, ImageRef>();
  for (const image of images) {
    const ref = imageRef({ instance: image.instance, frame: image.frame });
    sources.set(`${ref.sopInstanceUid}|${ref.frame ?? ''}`, ref);
  }
  return { paper, orientation, size, pages, sources: [...sources.values()], context: first.instance };
}

/** Height of a header line, re-exported for the renderers. */
export { HEADER_LINE_MM };
