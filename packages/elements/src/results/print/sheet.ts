/**
 * A print document for the browser's own print: pages laid out in mm in a
 * sheet appended to the document, shown only in print (`@media print`), with
 * everything else of the page hidden while it is there. The images are the
 * print-resolution renders; text, annotations and scale bars are HTML and
 * SVG in mm, which print at their true size. Built with DOM calls and
 * constructed style sheets only, so it works under a strict CSP (no inline
 * style elements or attributes).
 */
import type { PrintDocument, PrintedCell, PrintShape } from './document.js';
import { HEADER_LINE_MM, MARGIN_MM } from './layout.js';
import { arrowHead, cellTexts, pngBlob, scaleBarMarks, type PlacedText, type TextAlign } from './marks.js';

const SVG = 'http://www.w3.org/2000/svg';
const ANNOTATION = 'rgb(255, 214, 0)';

/** The attribute that marks the sheet (the document-level print rules select it). */
export const SHEET_ATTRIBUTE = 'data-fovea-print-sheet';

const SHEET_CSS = `
  :host { all: initial; display: block; color: #000; background: #fff; font-family: Helvetica, Arial, sans-serif; }
  section { position: relative; overflow: hidden; break-after: page; page-break-after: always; background: #fff; }
  section:last-child { break-after: auto; page-break-after: auto; }
  .header { position: absolute; white-space: nowrap; font-size: 10pt; line-height: ${HEADER_LINE_MM}mm; }
  .header div:first-child { font-weight: bold; font-size: 11pt; }
  .footer { position: absolute; font-size: 7pt; color: #5a5a5a; white-space: nowrap; }
  .box { position: absolute; background: #000; }
  img { position: absolute; display: block; image-rendering: auto; }
  svg { position: absolute; left: 0; top: 0; overflow: visible; }
  text { font-family: Helvetica, Arial, sans-serif; }
`;

/** Document-level rules: the page size, only the sheet in print, the sheet never on screen. */
function documentCss(doc: PrintDocument): string {
  return `
    @page { size: ${doc.size.width}mm ${doc.size.height}mm; margin: 0; }
    @media print {
      body > :not([${SHEET_ATTRIBUTE}]) { display: none !important; }
      html, body { margin: 0 !important; padding: 0 !important; background: #fff !important; }
    }
    @media not print { [${SHEET_ATTRIBUTE}] { display: none !important; } }
  `;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  return el;
}

function text(
  svg: SVGSVGElement,
  value: string,
  x: number,
  y: number,
  sizePt: number,
  fill: string,
  anchor = 'start',
): void {
  if (!value) return;
  const t = svgElement('text', { x, y, fill, 'font-size': `${(sizePt * 25.4) / 72}`, 'text-anchor': anchor });
  t.textContent = value;
  svg.append(t);
}

function shape(svg: SVGSVGElement, s: PrintShape): void {
  if (s.kind === 'label') return text(svg, s.text, s.x, s.y, 7, ANNOTATION);
  const stroke = { stroke: ANNOTATION, 'stroke-width': 0.3, fill: 'none' };
  if (s.kind === 'ellipse') {
    svg.append(svgElement('ellipse', { cx: s.cx, cy: s.cy, rx: s.rx, ry: s.ry, ...stroke }));
    return;
  }
  const points = s.points.map((p) => p.join(',')).join(' ');
  svg.append(svgElement(s.closed ? 'polygon' : 'polyline', { points, ...stroke }));
  if (s.arrow) for (const l of arrowHead(s.points)) svg.append(svgElement('line', { ...l, ...stroke }));
}

const ANCHOR: Record<TextAlign, string> = { left: 'start', center: 'middle', right: 'end' };
const TONE: Record<PlacedText['tone'], string> = { overlay: 'rgb(235, 235, 235)', ink: '#000' };

const placed = (svg: SVGSVGElement, t: PlacedText) =>
  text(svg, t.text, t.x, t.y, t.sizePt, TONE[t.tone], ANCHOR[t.align]);

function cellOverlay(svg: SVGSVGElement, cell: PrintedCell): void {
  for (const s of cell.shapes) shape(svg, s);
  for (const t of cellTexts(cell)) placed(svg, t);
  const bar = scaleBarMarks(cell);
  if (bar) {
    const black = { stroke: '#000', 'stroke-width': 0.5 };
    for (const l of bar.lines) svg.append(svgElement('line', { ...l, ...black }));
    placed(svg, bar.label);
  }
}

const mm = (n: number) => `${n}mm`;

/** A mounted sheet; `remove()` takes it and its print rules away again. */
export interface PrintSheet {
  readonly element: HTMLElement;
  remove(): void;
}

/** Appends the sheet for `doc` to the document (hidden on screen) and adds the print rules. */
export async function mountPrintSheet(doc: PrintDocument): Promise<PrintSheet> {
  const host = document.createElement('div');
  host.setAttribute(SHEET_ATTRIBUTE, '');
  host.setAttribute('aria-hidden', 'true');
  const root = host.attachShadow({ mode: 'open' });
  const sheetStyle = new CSSStyleSheet();
  sheetStyle.replaceSync(SHEET_CSS);
  root.adoptedStyleSheets = [sheetStyle];
  const urls: string[] = [];
  const loads: Promise<void>[] = [];
  for (const page of doc.pages) {
    const section = document.createElement('section');
    section.style.width = mm(doc.size.width);
    section.style.height = mm(doc.size.height);
    const header = document.createElement('div');
    header.className = 'header';
    header.style.left = mm(MARGIN_MM);
    header.style.top = mm(MARGIN_MM);
    for (const line of page.header) {
      const div = document.createElement('div');
      div.textContent = line;
      header.append(div);
    }
    section.append(header);
    for (const cell of page.cells) {
      const box = document.createElement('div');
      box.className = 'box';
      const img = document.createElement('img');
      img.alt = '';
      for (const el of [box, img]) {
        el.style.left = mm(cell.box.x);
        el.style.top = mm(cell.box.y);
        el.style.width = mm(cell.box.width);
        el.style.height = mm(cell.box.height);
      }
      const url = URL.createObjectURL(await pngBlob(cell.image));
      urls.push(url);
      img.src = url;
      loads.push(img.decode());
      section.append(box, img);
    }
    const svg = svgElement('svg', { viewBox: `0 0 ${doc.size.width} ${doc.size.height}` });
    svg.style.width = mm(doc.size.width);
    svg.style.height = mm(doc.size.height);
    for (const cell of page.cells) cellOverlay(svg, cell);
    section.append(svg);
    const footer = document.createElement('div');
    footer.className = 'footer';
    footer.style.left = mm(MARGIN_MM);
    footer.style.top = mm(doc.size.height - MARGIN_MM - 3.5);
    footer.textContent = page.footer;
    section.append(footer);
    root.append(section);
  }
  const rules = new CSSStyleSheet();
  rules.replaceSync(documentCss(doc));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, rules];
  document.body.append(host);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    host.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== rules);
    urls.forEach((u) => URL.revokeObjectURL(u));
  };
  try {
    await Promise.all(loads);
  } catch (error) {
    remove();
    throw error;
  }
  return { element: host, remove };
}
