import type { Series } from '@fovea-dicom/core';
import type { ImagePlane } from '../model/image-plane.js';

/** What can be synchronised between the viewports of a layout. */
export type SyncKind = 'scroll' | 'pan-zoom' | 'voi';

/** The series a viewport of the layout shows. */
export interface SeriesCell {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
}

/** Modalities of series that hold no images to review (reports, key objects, states, segmentations, plans). */
const NON_IMAGE = new Set(['SR', 'KO', 'PR', 'DOC', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'RTRECORD', 'REG', 'SEG', 'FID']);

/** True for a series a viewport can be expected to show as images. */
export function isImageSeries(series: Series): boolean {
  return !NON_IMAGE.has(series.modality ?? '');
}

/** `cells` cut or padded to `count` entries. */
export function cellsOf(cells: readonly (SeriesCell | undefined)[], count: number): (SeriesCell | undefined)[] {
  return Array.from({ length: count }, (_, i) => cells[i]);
}

/**
 * Basic Image Review's default view: the empty viewports get the first image
 * series not shown yet, in display order. With no image series at all, the
 * first viewport gets the first series (and says what it is).
 */
export function fillCells(
  cells: readonly (SeriesCell | undefined)[],
  series: readonly Series[],
  count: number,
): (SeriesCell | undefined)[] {
  const result = cellsOf(cells, count);
  const shown = new Set(result.map((c) => c?.seriesInstanceUid));
  const next = series.filter((s) => isImageSeries(s) && !shown.has(s.seriesInstanceUid));
  for (let i = 0; i < count; i++) {
    if (result[i]) continue;
    const s = next.shift();
    if (!s) break;
    result[i] = { studyInstanceUid: s.studyInstanceUid, seriesInstanceUid: s.seriesInstanceUid };
  }
  if (!result.some(Boolean) && series[0]) {
    result[0] = { studyInstanceUid: series[0].studyInstanceUid, seriesInstanceUid: series[0].seriesInstanceUid };
  }
  return result;
}

/** What scroll synchronisation needs from a stack (a `<fovea-viewport>`). */
export interface SyncStack {
  readonly imageCount: number;
  imagePlane(index: number): ImagePlane | undefined;
  nearestImageIndex(plane: ImagePlane): number | undefined;
}

/**
 * The image of `target` to show when `source` shows image `index` of `total`:
 * the nearest slice in patient space when both share a frame of reference
 * and orientation, else the same relative place in the stack.
 */
export function matchIndex(source: SyncStack, index: number, total: number, target: SyncStack): number | undefined {
  if (target.imageCount === 0) return undefined;
  const plane = source.imagePlane(index);
  const nearest = plane ? target.nearestImageIndex(plane) : undefined;
  if (nearest !== undefined) return nearest;
  if (total < 2 || target.imageCount < 2) return 0;
  return Math.round((index / (total - 1)) * (target.imageCount - 1));
}

/** Parses the `sync` attribute: a space- or comma-separated list of sync kinds; unknown words are dropped. */
export function parseSync(value: string | null): SyncKind[] {
  const known: readonly string[] = ['scroll', 'pan-zoom', 'voi'];
  return [...new Set((value ?? '').split(/[\s,]+/).filter((k) => known.includes(k)))] as SyncKind[];
}
