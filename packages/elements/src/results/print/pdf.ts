/**
 * A print document as a PDF, with jsPDF (4.2, MIT, maintained; about 360 KB
 * minified, loaded only when a PDF is made). Images go in losslessly (PNG,
 * Flate with predictors), at the resolution they were rendered at; text, annotations and scale bars
 * are vectors in millimetres, so the scale bar is as long on paper as it says.
 */
import type { jsPDF as JsPdf } from 'jspdf';
import { HEADER_LINE_MM, MARGIN_MM } from './layout.js';
import type { PrintDocument, PrintedCell, PrintShape } from './document.js';
import { arrowHead, cellTexts, pngBlob, scaleBarMarks, type PlacedText, type Segment } from './marks.js';

const POINTS_PER_MM = 72 / 25.4;
/** Annotation colour (as Cornerstone draws them on screen): visible on grey and on black. */
const ANNOTATION: [number, number, number] = [255, 214, 0];

/** Text the PDF's standard fonts (WinAnsi: Latin-1 and Windows-1252's quotes, dashes, €…) can show. */
const winAnsi = (text: string) => /^[\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/.test(text);

/**
 * Draws `text` with its baseline at `y`. Text outside WinAnsi (names in
 * Cyrillic, Greek, CJK…) is drawn into a canvas at 600 dpi and placed as an
 * image, rather than printed as question marks.
 */
function drawText(
  doc: JsPdf,
  text: string,
  x: number,
  y: number,
  sizePt: number,
  color: [number, number, number],
  align: 'left' | 'right' | 'center' = 'left',
  bold = false,
): void {
  if (!text) return;
  doc.setFont('helvetica', bold ? 'bold' : 'normal');
  doc.setFontSize(sizePt);
  doc.setTextColor(...color);
  if (winAnsi(text)) {
    doc.text(text, x, y, { align, baseline: 'alphabetic' });
    return;
  }
  const heightMm = sizePt / POINTS_PER_MM;
  const scale = 600 / 25.4; // px per mm
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const font = `${bold ? 'bold ' : ''}${heightMm * scale}px sans-serif`;
  ctx.font = font;
  const widthPx = Math.ceil(ctx.measureText(text).width) + 2;
  canvas.width = widthPx;
  canvas.height = Math.ceil(heightMm * scale * 1.3);
  ctx.font = font;
  ctx.fillStyle = `rgb(${color.join(',')})`;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, 1, heightMm * scale);
  const widthMm = widthPx / scale;
  const left = align === 'right' ? x - widthMm : align === 'center' ? x - widthMm / 2 : x;
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  doc.addImage(
    { data: image.data, width: canvas.width, height: canvas.height },
    'RGBA',
    left,
    y - heightMm,
    widthMm,
    canvas.height / scale,
  );
}

function drawShape(doc: JsPdf, shape: PrintShape): void {
  doc.setDrawColor(...ANNOTATION);
  doc.setLineWidth(0.3);
  if (shape.kind === 'label') {
    drawText(doc, shape.text, shape.x, shape.y, 7, ANNOTATION);
    return;
  }
  if (shape.kind === 'ellipse') {
    doc.ellipse(shape.cx, shape.cy, shape.rx, shape.ry, 'S');
    return;
  }
  const points = shape.closed ? [...shape.points, shape.points[0]!] : shape.points;
  for (let i = 1; i < points.length; i++) doc.line(points[i - 1]![0], points[i - 1]![1], points[i]![0], points[i]![1]);
  if (shape.arrow) arrowHead(shape.points).forEach((l) => drawLine(doc, l));
}

const drawLine = (doc: JsPdf, l: Segment) => doc.line(l.x1, l.y1, l.x2, l.y2);

const TONE: Record<PlacedText['tone'], [number, number, number]> = { overlay: [235, 235, 235], ink: [0, 0, 0] };

const drawPlaced = (doc: JsPdf, t: PlacedText) => drawText(doc, t.text, t.x, t.y, t.sizePt, TONE[t.tone], t.align);

/** A canvas as PNG bytes (what jsPDF compresses best: its PNG path uses PNG predictors; raw RGBA goes in unfiltered). */
async function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Uint8Array(await (await pngBlob(canvas)).arrayBuffer());
}

function drawCell(doc: JsPdf, cell: PrintedCell, png: Uint8Array): void {
  const { box } = cell;
  doc.setFillColor(0, 0, 0);
  doc.rect(box.x, box.y, box.width, box.height, 'F');
  // Lossless; 'MEDIUM' chooses PNG predictors per row (a 2244-pixel CT: 0.9 MB, against 15 MB as raw RGBA).
  doc.addImage(png, 'PNG', box.x, box.y, box.width, box.height, undefined, 'MEDIUM');
  for (const shape of cell.shapes) drawShape(doc, shape);
  for (const t of cellTexts(cell)) drawPlaced(doc, t);
  const bar = scaleBarMarks(cell);
  if (bar) {
    // Under the image, on white paper.
    doc.setDrawColor(0, 0, 0);
    doc.setLineWidth(0.5);
    bar.lines.forEach((l) => drawLine(doc, l));
    drawPlaced(doc, bar.label);
  }
}

/** The document as a PDF Blob. */
export async function printPdf(document: PrintDocument, title: string): Promise<Blob> {
  const { jsPDF } = await import('jspdf');
  const doc = new jsPDF({
    unit: 'mm',
    format: document.paper,
    orientation: document.orientation,
    compress: true,
  });
  // No patient data in the PDF's own metadata: it is often shown and indexed apart from the pages.
  doc.setProperties({ title, creator: 'Fovea' });
  const pngs = await Promise.all(document.pages.map((page) => Promise.all(page.cells.map((c) => pngOf(c.image)))));
  document.pages.forEach((page, p) => {
    if (p > 0) doc.addPage(document.paper, document.orientation);
    page.header.forEach((line, i) =>
      drawText(
        doc,
        line,
        MARGIN_MM,
        MARGIN_MM + (i + 1) * HEADER_LINE_MM - 1.2,
        i === 0 ? 11 : 10,
        [0, 0, 0],
        'left',
        i === 0,
      ),
    );
    page.cells.forEach((cell, c) => drawCell(doc, cell, pngs[p]![c]!));
    drawText(doc, page.footer, MARGIN_MM, document.size.height - MARGIN_MM - 1, 7, [90, 90, 90]);
  });
  return doc.output('blob');
}
