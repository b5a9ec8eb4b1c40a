// Browser side of scripts/lib/results-plugin.mjs: dcmtk and poppler on bytes
// a test made, Chromium's print of the page, and reading the PNGs back.

interface Answer<T> {
  executed: boolean;
  result?: T;
}

async function send<T>(command: string, payload: unknown): Promise<T> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  if (!sessionId) throw new Error(`${command} needs a page run by web-test-runner`);
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(socket)) as {
    sendMessageWaitForResponse: (m: unknown) => Promise<Answer<T>>;
  };
  const answer = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!answer.executed || answer.result === undefined) throw new Error(`${command} not available`);
  return answer.result;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** What a tool did: exit code, standard output, its stderr lines, and the files it wrote. */
export interface ToolRun {
  code: number;
  stdout: string;
  messages: string[];
  outputs: Record<string, Uint8Array>;
}

/** Runs a dcmtk or poppler tool on `files` (by name) in a temp folder of the test server. */
export async function runTool(tool: string, args: string[], files: Record<string, Uint8Array>): Promise<ToolRun> {
  const result = await send<{ code: number; stdout: string; messages: string[]; outputs: Record<string, string> }>(
    'fovea-run-tool',
    { tool, args, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, toBase64(v)])) },
  );
  return {
    ...result,
    outputs: Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, fromBase64(v)])),
  };
}

/** The page as Chromium prints it (print media, the page size its CSS asks for), as PDF bytes. */
export async function printPage(): Promise<Uint8Array> {
  return fromBase64((await send<{ pdf: string }>('fovea-print-page', {})).pdf);
}

/** A PNG's pixels. */
export async function decodePng(bytes: Uint8Array): Promise<ImageData> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** A PDF as poppler renders it (pdftoppm at `dpi`) and reads its text (pdftotext). */
export async function renderPdf(
  pdf: Uint8Array,
  dpi: number,
): Promise<{ pages: ImageData[]; text: string; info: string }> {
  const png = await runTool('pdftoppm', ['-r', String(dpi), '-png', 'in.pdf', 'page'], { 'in.pdf': pdf });
  if (png.code !== 0) throw new Error(`pdftoppm failed: ${png.messages.join('\n')}`);
  const names = Object.keys(png.outputs)
    .filter((n) => n.endsWith('.png'))
    .sort();
  const pages = await Promise.all(names.map((n) => decodePng(png.outputs[n]!)));
  const text = await runTool('pdftotext', ['-layout', 'in.pdf', 'out.txt'], { 'in.pdf': pdf });
  if (text.code !== 0) throw new Error(`pdftotext failed: ${text.messages.join('\n')}`);
  const info = await runTool('pdfinfo', ['in.pdf'], { 'in.pdf': pdf });
  return { pages, text: new TextDecoder().decode(text.outputs['out.txt']), info: info.stdout };
}

/** The grey value (mean of R, G, B) of a pixel. */
export function greyOf(image: ImageData, x: number, y: number): number {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return (image.data[i]! + image.data[i + 1]! + image.data[i + 2]!) / 3;
}

/** The longest run of pixels on row `y` between `x0` and `x1` that pass `test`: its start and length. */
export function longestRun(
  image: ImageData,
  y: number,
  test: (grey: number) => boolean,
  x0 = 0,
  x1 = image.width - 1,
): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let x = x0; x <= x1 + 1; x++) {
    const on = x <= x1 && test(greyOf(image, x, y));
    if (on && start < 0) start = x;
    if (!on && start >= 0) {
      if (x - start > best.length) best = { start, length: x - start };
      start = -1;
    }
  }
  return best;
}

/** Every run of pixels on row `y` between `x0` and `x1` that pass `test`. */
export function runsOf(
  image: ImageData,
  y: number,
  test: (grey: number) => boolean,
  x0 = 0,
  x1 = image.width - 1,
): { start: number; length: number }[] {
  const runs: { start: number; length: number }[] = [];
  let start = -1;
  for (let x = x0; x <= x1 + 1; x++) {
    const on = x <= x1 && test(greyOf(image, x, y));
    if (on && start < 0) start = x;
    if (!on && start >= 0) {
      runs.push({ start, length: x - start });
      start = -1;
    }
  }
  return runs;
}
