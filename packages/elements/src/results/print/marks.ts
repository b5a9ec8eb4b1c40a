/**
 * Where the marks of a printed cell go, in mm on the page: the corner text,
 * the orientation labels, the scale bar and an arrow's head. Pure geometry,
 * shared by the PDF (pdf.ts) and the browser's print (sheet.ts), which only
 * draw what this places.
 */
import type { PrintedCell } from './document.js';

/** Horizontal alignment of a text at its x. */
export type TextAlign = 'left' | 'center' | 'right';

/** A line of text with its baseline at `y`: `overlay` on the image, `ink` on the paper. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  sizePt: number;
  tone: 'overlay' | 'ink';
  align: TextAlign;
}

/** A straight line from (x1, y1) to (x2, y2). */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Distance between the lines of a corner, in mm. */
const CORNER_LINE_MM = 3;
/** Inset of the text from the image's edges, in mm. */
const INSET_MM = 1.5;

/** The corner text and orientation labels of a cell, in drawing order. */
export function cellTexts(cell: PrintedCell): PlacedText[] {
  const { box } = cell;
  const out: PlacedText[] = [];
  const put = (text: string, x: number, y: number, sizePt: number, align: TextAlign = 'left') =>
    out.push({ text, x, y, sizePt, tone: 'overlay', align });
  const left = box.x + INSET_MM;
  const right = box.x + box.width - INSET_MM;
  const bottom = box.y + box.height - INSET_MM;
  if (cell.corners) {
    const { topLeft, topRight, bottomLeft, bottomRight } = cell.corners;
    topLeft.forEach((t, i) => put(t, left, box.y + 3.5 + i * CORNER_LINE_MM, 7));
    topRight.forEach((t, i) => put(t, right, box.y + 3.5 + i * CORNER_LINE_MM, 7, 'right'));
    bottomLeft.forEach((t, i) => put(t, left, bottom - (bottomLeft.length - 1 - i) * CORNER_LINE_MM, 7));
    bottomRight.forEach((t, i) => put(t, right, bottom - (bottomRight.length - 1 - i) * CORNER_LINE_MM, 7, 'right'));
  }
  if (cell.orientation) {
    const o = cell.orientation;
    put(o.top, box.x + box.width / 2, box.y + 4.5, 9, 'center');
    put(o.bottom, box.x + box.width / 2, bottom, 9, 'center');
    put(o.left, left, box.y + box.height / 2 + 1.5, 9);
    put(o.right, right, box.y + box.height / 2 + 1.5, 9, 'right');
  }
  return out;
}

/**
 * The scale bar under a cell's image, on the paper: a bar with end ticks
 * (drawn 0.5 mm wide) and its length in the patient beside it.
 */
export function scaleBarMarks(cell: PrintedCell): { lines: Segment[]; label: PlacedText } | undefined {
  if (!cell.scaleBar) return undefined;
  const { box } = cell;
  const y = box.y + box.height + 4;
  const x0 = box.x;
  const x1 = x0 + cell.scaleBar.paperMm;
  return {
    lines: [
      { x1: x0, y1: y, x2: x1, y2: y },
      { x1: x0, y1: y - 1.2, x2: x0, y2: y + 1.2 },
      { x1, y1: y - 1.2, x2: x1, y2: y + 1.2 },
    ],
    label: { text: `${cell.scaleBar.patientMm} mm`, x: x1 + 2, y: y + 1.2, sizePt: 8, tone: 'ink', align: 'left' },
  };
}

/** The two strokes of an arrow's head at its tip, the first of `points` (none for fewer than two points). */
export function arrowHead(points: readonly (readonly [number, number])[]): Segment[] {
  if (points.length < 2) return [];
  const [[tx, ty], [sx, sy]] = points as [[number, number], [number, number]];
  const angle = Math.atan2(sy - ty, sx - tx);
  return [-0.45, 0.45].map((side) => ({
    x1: tx,
    y1: ty,
    x2: tx + 2.5 * Math.cos(angle + side),
    y2: ty + 2.5 * Math.sin(angle + side),
  }));
}

/** A canvas as a PNG Blob. */
export function pngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
