/** The ultrasound cine of phantom.ts: 640 x 480 RGB, 8 bits, 30 frames. */
import { forRect, drawText } from './phantom-draw.js';

/** Geometry and timing of the ultrasound cine. */
export const US = {
  rows: 480,
  columns: 640,
  frameCount: 30,
  /** Frames per second (CineRate, RecommendedDisplayFrameRate). */
  cineRate: 30,
  /** FrameTime, ms. */
  frameTimeMs: 1000 / 30,
  /** PhysicalDeltaX / Y of the region (0018,602C / 602E), cm per pixel: 1 cm = 40 pixels. */
  physicalDeltaCm: 0.025,
} as const;

/** The imaging sector (a fan) with its apex at the top; it is also the calibrated US region. */
export const US_SECTOR = { apexX: 320, apexY: 40, innerRadius: 20, outerRadius: 420, halfAngleDeg: 38 } as const;
/** The calibrated region's bounding box (RegionLocationMinX0 ... MaxY1). */
export const US_REGION = { x0: 60, y0: 40, x1: 579, y1: 460 } as const;
/** A dark chamber in the sector and the bright disc that moves across it. */
export const US_CHAMBER = { cx: 320, cy: 250, rx: 150, ry: 80 } as const;
export const US_TARGET = { cy: 250, radius: 26, amplitude: 110, gray: 235 } as const;
/** Depth scale on the right: a white tick every 1 cm (40 px) from the apex row down. */
export const US_DEPTH_TICKS = { x0: 600, x1: 611, y0: 40, stepPx: 40, count: 11 } as const;
/** The Doppler box: red while the target moves right, blue while it moves left. */
export const US_DOPPLER_BOX = { x0: 250, x1: 390, y0: 120, y1: 160 } as const;

/** Centre column of the moving disc on `frame` (0-based). */
export function usTargetX(frame: number, frameCount: number = US.frameCount): number {
  return 320 + US_TARGET.amplitude * Math.sin((2 * Math.PI * frame) / frameCount);
}

function speckle(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) & 0xff;
}

/** One RGB frame (interleaved R, G, B; PlanarConfiguration 0) of the cine. */
export function usFrame(frame: number, frameCount: number = US.frameCount): Uint8Array {
  const { rows: h, columns: w } = US;
  const rgb = new Uint8Array(w * h * 3);
  const set = (i: number, r: number, g: number, b: number): void => {
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
  };
  const S = US_SECTOR;
  const tanHalf = Math.tan((S.halfAngleDeg * Math.PI) / 180);
  const tx = usTargetX(frame, frameCount);
  const C = US_CHAMBER;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - S.apexX;
      const dy = y - S.apexY;
      const r = Math.hypot(dx, dy);
      if (dy <= 0 || r < S.innerRadius || r > S.outerRadius || Math.abs(dx) > dy * tanHalf) continue;
      const atten = 1 - (0.5 * r) / S.outerRadius;
      let g = (40 + (speckle(x, y) % 110)) * atten;
      if (((x - C.cx) / C.rx) ** 2 + ((y - C.cy) / C.ry) ** 2 <= 1) g = 8 + (speckle(x, y) % 12);
      if ((x - tx) ** 2 + (y - US_TARGET.cy) ** 2 <= US_TARGET.radius ** 2) g = US_TARGET.gray;
      const v = Math.round(g);
      set(y * w + x, v, v, v);
    }
  }
  // Colour Doppler: the sign of the target's velocity picks red or blue.
  const velocity = Math.cos((2 * Math.PI * frame) / frameCount);
  const D = US_DOPPLER_BOX;
  forRect(w, h, D.x0, D.y0, D.x1, D.y1, (i, x, y) => {
    const onEdge = x === D.x0 || x === D.x1 || y === D.y0 || y === D.y1;
    if (onEdge) return set(i, 200, 200, 200);
    const s = speckle(x + frame * 7, y);
    if (s < 140) return;
    const a = Math.round(Math.abs(velocity) * (100 + (s - 140)));
    if (velocity >= 0) set(i, a, 0, 0);
    else set(i, 0, 0, a);
  });
  const T = US_DEPTH_TICKS;
  for (let k = 0; k < T.count; k++)
    forRect(w, h, T.x0, T.y0 + k * T.stepPx, k % 5 === 0 ? T.x1 : T.x0 + 5, T.y0 + k * T.stepPx, (i) =>
      set(i, 255, 255, 255),
    );
  // ECG trace with a cursor at the current frame.
  const ecgY = 455;
  const ecg = (x: number): number => {
    const phase = ((x - 40) % 140) / 140;
    return (
      ecgY +
      (phase > 0.3 && phase < 0.34
        ? -22
        : phase > 0.34 && phase < 0.37
          ? 10
          : Math.round(-4 * Math.sin(phase * 2 * Math.PI)))
    );
  };
  for (let x = 40; x < 600; x++) {
    const a = ecg(x);
    const b = x > 40 ? ecg(x - 1) : a;
    forRect(w, h, x, Math.min(a, b), x, Math.max(a, b), (i) => set(i, 0, 220, 0));
  }
  const cursor = 40 + Math.round((560 * frame) / frameCount);
  forRect(w, h, cursor, ecgY - 24, cursor, ecgY + 12, (i) => set(i, 255, 255, 0));
  const label = String(frame + 1);
  drawText(w, h, `F ${label}`, 16, 12, 2, (i) => set(i, 255, 220, 0));
  return rgb;
}
