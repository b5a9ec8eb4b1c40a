/**
 * What a viewport's renderer shows besides the image: the window (or VOI
 * LUT), the view, and the geometry the orientation markers and the scale bar
 * need. Taken from the renderer's reports, and read back from it when they
 * may have changed without one (a resize, a new image, a view set).
 */
import type { WindowPreset } from '@fovea-dicom/core';
import {
  sameAxes,
  samePresentation,
  sameVoi,
  type Presentation,
  type ScreenAxes,
  type Voi,
} from '../model/presentation.js';
import type { StackRenderer } from '../rendering/types.js';

export class ShownView {
  readonly #changed: () => void;
  #voi: Voi | undefined;
  /** The VOI LUT on screen (its index in the VOI LUT Sequence), undefined while a window applies. */
  #voiLutIndex: number | undefined;
  #view: Presentation | undefined;
  /**
   * The screen axes and scale of the image on screen: read from the renderer
   * when the view may have changed, not on every render (reading the scale
   * lays the page out).
   */
  #axes: ScreenAxes | undefined;
  #cssPixelsPerMm: number | undefined;

  /** `changed`: something shown changed (the host renders again). */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** The window in use; while a VOI LUT applies, its input range. */
  get voi(): Voi | undefined {
    return this.#voi;
  }
  get voiLutIndex(): number | undefined {
    return this.#voiLutIndex;
  }
  get view(): Presentation | undefined {
    return this.#view;
  }
  get axes(): ScreenAxes | undefined {
    return this.#axes;
  }
  get cssPixelsPerMm(): number | undefined {
    return this.#cssPixelsPerMm;
  }

  /** The renderer reported a window (or the VOI LUT `voiLut`, whose range `voi` spans). */
  voiReported(voi: Voi, voiLut: number | undefined): void {
    this.#voi = voi;
    this.#voiLutIndex = voiLut;
    this.#changed();
  }

  /** The VOI LUT on screen once a series is shown. */
  voiLutShown(voiLut: number | undefined): void {
    if (voiLut === this.#voiLutIndex) return;
    this.#voiLutIndex = voiLut;
    this.#changed();
  }

  /** The renderer reported a view. */
  viewReported(view: Presentation, renderer: StackRenderer | undefined): void {
    this.#view = view;
    this.#changed();
    this.syncGeometry(renderer);
  }

  /**
   * Reads the view, window and geometry back from `renderer`. Renders only
   * what changed: scrolling a stack changes none of them, and the overlay
   * then renders once per image (for its index), not twice. `header`: the
   * first window of the image on screen.
   */
  sync(renderer: StackRenderer | undefined, header: WindowPreset | undefined): void {
    const view = renderer?.presentation();
    if (!samePresentation(view, this.#view)) {
      this.#view = view;
      this.#changed();
    }
    // Cornerstone's CPU path reports no window until one is set: the header's first is what shows.
    const voi = renderer?.voi() ?? this.#voi ?? (header ? { center: header.center, width: header.width } : undefined);
    if (!sameVoi(voi, this.#voi)) {
      this.#voi = voi;
      this.#changed();
    }
    this.syncGeometry(renderer);
  }

  /** Reads the screen axes and scale back from `renderer`. */
  syncGeometry(renderer: StackRenderer | undefined): void {
    const axes = renderer?.screenAxes();
    const scale = renderer?.cssPixelsPerMm();
    if (scale === this.#cssPixelsPerMm && sameAxes(axes, this.#axes)) return;
    this.#axes = axes;
    this.#cssPixelsPerMm = scale;
    this.#changed();
  }
}
