/**
 * Where everything goes on paper, in millimetres: the header, one cell per
 * image (the image at its on-screen aspect ratio, fitted), and under each
 * image a scale bar whose printed length is true for the printed image. Pure
 * geometry, shared by the PDF and the browser's print.
 */

/** Paper sizes. */
export type PaperSize = 'a4' | 'letter';

/** Paper orientation. */
export type PaperOrientation = 'portrait' | 'landscape';

/** Width and height of each paper size in portrait, in mm. */
export const PAPER_MM: Readonly<Record<PaperSize, readonly [number, number]>> = Object.freeze({
  a4: [210, 297],
  letter: [215.9, 279.4],
});

/** A rectangle on the page, in mm from its top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page margin, gap between cells, the strip under each image for its scale bar, in mm. */
export const MARGIN_MM = 10;
export const GAP_MM = 4;
export const SCALE_STRIP_MM = 9;
/** Height of one header line, in mm. */
export const HEADER_LINE_MM = 5;

/** The page size in mm for a paper and orientation. */
export function pageSize(paper: PaperSize, orientation: PaperOrientation): { width: number; height: number } {
  const [w, h] = PAPER_MM[paper];
  return orientation === 'landscape' ? { width: h, height: w } : { width: w, height: h };
}

/** Rows and columns for `count` images on a page (the layout's own grid is given, not chosen). */
export function gridFor(count: number, orientation: PaperOrientation): { rows: number; columns: number } {
  if (count <= 1) return { rows: 1, columns: 1 };
  if (count === 2) return orientation === 'portrait' ? { rows: 2, columns: 1 } : { rows: 1, columns: 2 };
  if (count <= 4) return { rows: 2, columns: 2 };
  return orientation === 'portrait' ? { rows: 3, columns: 2 } : { rows: 2, columns: 3 };
}

/**
 * The cells of a `rows` x `columns` grid under a header of `headerLines`
 * lines (and one footer line), in reading order. Each cell is the whole
 * area an image and its scale bar may use.
 */
export function cellRects(
  page: { width: number; height: number },
  rows: number,
  columns: number,
  headerLines: number,
): Rect[] {
  const top = MARGIN_MM + (headerLines > 0 ? headerLines * HEADER_LINE_MM + GAP_MM : 0);
  const bottom = page.height - MARGIN_MM - HEADER_LINE_MM;
  const width = (page.width - 2 * MARGIN_MM - (columns - 1) * GAP_MM) / columns;
  const height = (bottom - top - (rows - 1) * GAP_MM) / rows;
  const cells: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      cells.push({ x: MARGIN_MM + c * (width + GAP_MM), y: top + r * (height + GAP_MM), width, height });
    }
  }
  return cells;
}

/** The image's box in a cell: its aspect ratio (width / height), as large as fits above the scale strip, centred. */
export function imageBox(cell: Rect, aspect: number): Rect {
  const available = { width: cell.width, height: Math.max(1, cell.height - SCALE_STRIP_MM) };
  const ratio = Number.isFinite(aspect) && aspect > 0 ? aspect : 1;
  const width = Math.min(available.width, available.height * ratio);
  const height = width / ratio;
  return { x: cell.x + (cell.width - width) / 2, y: cell.y + (available.height - height) / 2, width, height };
}

const NICE_MM = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/**
 * A scale bar for an image printed `paperMmPerImageMm` times life size: the
 * length it stands for in the patient (`patientMm`, a round number) and its
 * length on paper (`paperMm`), about a third of `boxWidth` and never wider
 * than four fifths of it. Undefined without a scale.
 */
export function printScaleBar(
  paperMmPerImageMm: number | undefined,
  boxWidth: number,
): { patientMm: number; paperMm: number } | undefined {
  if (!paperMmPerImageMm || !Number.isFinite(paperMmPerImageMm) || paperMmPerImageMm <= 0) return undefined;
  const target = boxWidth / 3;
  const fitting = NICE_MM.filter((mm) => mm * paperMmPerImageMm <= boxWidth * 0.8);
  if (fitting.length === 0) return undefined;
  const patientMm = fitting.reduce((best, mm) =>
    Math.abs(mm * paperMmPerImageMm - target) < Math.abs(best * paperMmPerImageMm - target) ? mm : best,
  );
  return { patientMm, paperMm: patientMm * paperMmPerImageMm };
}

/** Device pixels of an image box at `dpi` (at most `maxPixels` on its longer side). */
export function renderSize(box: Rect, dpi: number, maxPixels = 4096): { width: number; height: number } {
  const scale = Math.min(dpi / 25.4, maxPixels / Math.max(box.width, box.height));
  return { width: Math.max(1, Math.round(box.width * scale)), height: Math.max(1, Math.round(box.height * scale)) };
}
