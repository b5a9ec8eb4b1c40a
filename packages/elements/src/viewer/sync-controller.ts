/**
 * What follows the active viewport in the others (the viewer's `sync`): the
 * image (scroll, by position in patient space where it can), zoom and pan,
 * and the window. Only the viewport a person last touched leads, so that a
 * copy never echoes back.
 */
import type { ImageChangeDetail, VoiChangeDetail } from '../events.js';
import type { Presentation } from '../model/presentation.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import { matchIndex, type SyncKind } from './layout.js';

/** The viewer, as far as synchronisation needs it. */
export interface SyncHost {
  readonly sync: readonly SyncKind[];
  readonly viewports: FoveaViewport[];
}

export class ViewportSync {
  readonly #host: SyncHost;
  /** The viewport a person last touched: only its changes are copied to the others. */
  #leader = -1;

  constructor(host: SyncHost) {
    this.#host = host;
  }

  /** Viewport `index` is the one a person works in (-1: none, for a new study). */
  lead(index: number): void {
    this.#leader = index;
  }

  /** Copies the image viewport `index` shows to the others, when it leads and scroll is synchronised. */
  followImage(index: number, { index: image, total }: ImageChangeDetail): void {
    if (index !== this.#leader || !this.#host.sync.includes('scroll')) return;
    const viewports = this.#host.viewports;
    const source = viewports[index];
    if (!source) return;
    viewports.forEach((target, i) => {
      if (i === index || target.imageCount === 0) return;
      const next = matchIndex(source, image, total, target);
      if (next !== undefined && next !== target.imageIndex) target.imageIndex = next;
    });
  }

  followVoi(index: number, { center, width, voiLut }: VoiChangeDetail): void {
    // A header VOI LUT belongs to its image: the others keep their own VOI.
    if (index !== this.#leader || !this.#host.sync.includes('voi') || voiLut) return;
    const viewports = this.#host.viewports;
    const source = viewports[index];
    viewports.forEach((target, i) => {
      if (i === index || target.imageCount === 0 || target.modality !== source?.modality) return;
      if (target.windowCenter === center && target.windowWidth === width) return;
      target.windowCenter = center;
      target.windowWidth = width;
    });
  }

  followView(index: number, { zoom, pan }: Presentation): void {
    if (index !== this.#leader || !this.#host.sync.includes('pan-zoom')) return;
    this.#host.viewports.forEach((target, i) => {
      if (i === index || target.imageCount === 0) return;
      const current = target.currentPresentation;
      const same =
        current &&
        Math.abs(current.zoom - zoom) < 1e-3 &&
        Math.abs(current.pan[0] - pan[0]) < 0.5 &&
        Math.abs(current.pan[1] - pan[1]) < 0.5;
      if (same) return;
      target.zoom = zoom;
      target.pan = [pan[0], pan[1]];
    });
  }

  /** `kind` was just switched: the active viewport `active` leads, and the others line up with it at once. */
  lineUp(kind: SyncKind, active: number): void {
    this.#leader = active;
    const source = this.#host.viewports[active];
    if (!source || !this.#host.sync.includes(kind) || source.imageCount === 0) return;
    if (kind === 'scroll') {
      this.followImage(active, { index: Math.max(0, source.imageIndex), total: source.imageCount });
    } else if (kind === 'voi' && source.currentVoi) {
      this.followVoi(active, { ...source.currentVoi, voiLut: source.currentVoiLut });
    } else if (kind === 'pan-zoom' && source.currentPresentation) {
      this.followView(active, source.currentPresentation);
    }
  }
}
