/**
 * What a stack renderer shows of the pixel values: the window, a VOI LUT of
 * the header's VOI LUT Sequence, and inversion. The LUT asked for follows the
 * viewport from image to image (an image without it shows its window); a
 * window set by a person or a tool replaces it.
 */
import type { Types } from '@cornerstonejs/core';
import type { Voi } from '../../model/presentation.js';
import type { RendererEvents } from '../types.js';
import type { RenderingStack } from './rendering-stack.js';
import type { VoiLut } from './voi-lut.js';
import { hideVoiLut, showVoiLut, voiLutRange } from './voi-lut-display.js';

/** What the VOI state needs of its renderer. */
export interface VoiHost {
  readonly mode: 'gpu' | 'cpu';
  viewport(): Types.IStackViewport | undefined;
}

const voiOf = (range: { lower: number; upper: number }): Voi => ({
  center: (range.lower + range.upper) / 2,
  width: range.upper - range.lower,
});

export class VoiState {
  readonly #host: VoiHost;
  readonly #stack: RenderingStack;
  readonly #voiChanged: RendererEvents['voiChanged'];
  #invert = false;
  /**
   * The VOI LUT asked for, by its index in the VOI LUT Sequence: 'default'
   * until a stack's first image decides (its first LUT, if any), undefined
   * while a window applies.
   */
  #lutIndex: number | 'default' | undefined = 'default';
  /** The LUT on screen. */
  #shownLut: VoiLut | undefined;
  /** True while this changes the VOI range itself (not a person dragging). */
  #applyingLut = false;

  constructor(host: VoiHost, stack: RenderingStack, voiChanged: RendererEvents['voiChanged']) {
    this.#host = host;
    this.#stack = stack;
    this.#voiChanged = voiChanged;
  }

  /** A new stack starts from its own default VOI. */
  newStack(): void {
    this.#hideLut(false);
    this.#lutIndex = 'default';
  }

  /** Cornerstone's VOI_MODIFIED: a window dragged or set by a tool replaces the LUT; the host is told. */
  modified(range: { lower: number; upper: number }): void {
    const shown = this.#shownLut;
    if (shown && !this.#applyingLut) {
      const lutRange = voiLutRange(shown);
      if (range.lower !== lutRange.lower || range.upper !== lutRange.upper) {
        this.#lutIndex = undefined;
        this.#hideLut(false);
      }
    }
    this.#voiChanged(voiOf(range), this.#shownLut?.index);
  }

  setVoi(voi: Voi | undefined): void {
    const viewport = this.#host.viewport();
    if (!viewport) return;
    if (voi) {
      this.#lutIndex = undefined;
      this.#hideLut(false);
      viewport.setProperties({ voiRange: { lower: voi.center - voi.width / 2, upper: voi.center + voi.width / 2 } });
    } else {
      this.reset(viewport);
    }
    viewport.render();
  }

  setVoiLut(index: number): void {
    this.#lutIndex = index;
    this.sync();
  }

  voiLut(): number | undefined {
    return this.#shownLut?.index;
  }

  voi(): Voi | undefined {
    const range = this.#host.viewport()?.getProperties().voiRange;
    return range ? voiOf(range) : undefined;
  }

  /** The header's default: its first VOI LUT, else its first window (Cornerstone's default). */
  reset(viewport: Types.IStackViewport): void {
    this.#hideLut(false);
    viewport.resetProperties();
    this.#applyInvert(viewport);
    this.#lutIndex = 'default';
    this.sync();
  }

  /** `invert` is relative to the standard display: MONOCHROME1 images are already shown inverted. */
  setInvert(invert: boolean): void {
    const viewport = this.#host.viewport();
    if (!viewport) return;
    this.#invert = invert;
    this.#applyInvert(viewport);
    viewport.render();
  }

  /** Whether a VOI LUT is on screen (else a window). */
  get lutShown(): boolean {
    return this.#shownLut !== undefined;
  }

  /** The viewport under this state was made again: no LUT is on it yet (sync shows the one asked for). */
  viewportReplaced(): void {
    this.#shownLut = undefined;
  }

  /** Puts the inversion asked for on `viewport` (a new one). */
  applyInvert(viewport: Types.IStackViewport): void {
    this.#applyInvert(viewport);
  }

  /** Back to the standard display's polarity (applied by the next reset). */
  clearInvert(): void {
    this.#invert = false;
  }

  /** Shows the LUT asked for on the image on screen, or the window when the image has no such LUT. */
  sync(): void {
    const viewport = this.#host.viewport();
    if (!viewport?.getCornerstoneImage() || this.#lutIndex === undefined) return;
    const luts = this.#currentLuts(viewport);
    if (this.#lutIndex === 'default') this.#lutIndex = luts[0]?.index;
    const lut = luts.find((l) => l.index === this.#lutIndex);
    if (!lut) {
      if (this.#shownLut) this.#hideLut(true);
      return;
    }
    this.#shownLut = lut;
    this.#applyingLut = true;
    try {
      showVoiLut(viewport, this.#host.mode, this.#stack.voiLutRegistry, lut, this.#inverted(viewport));
    } finally {
      this.#applyingLut = false;
    }
    viewport.render();
    this.#voiChanged(voiOf(voiLutRange(lut)), lut.index);
  }

  /** The current image's VOI LUTs (known once its first frame loaded). */
  #currentLuts(viewport: Types.IStackViewport): VoiLut[] {
    const imageId = viewport.getCurrentImageId();
    const reference = imageId ? this.#stack.sources.get(imageId)?.reference : undefined;
    return (reference && this.#stack.voiLuts.fetched(reference.instance.dataset)) ?? [];
  }

  /** Takes the LUT off screen; `resetWindow` shows the header's window instead of the current range. */
  #hideLut(resetWindow: boolean): void {
    const viewport = this.#host.viewport();
    if (!this.#shownLut || !viewport) return;
    this.#shownLut = undefined;
    this.#applyingLut = true;
    try {
      hideVoiLut(viewport, this.#host.mode, this.#inverted(viewport));
      if (resetWindow) {
        viewport.resetProperties();
        this.#applyInvert(viewport);
      }
    } finally {
      this.#applyingLut = false;
    }
    viewport.render();
  }

  #applyInvert(viewport: Types.IStackViewport): void {
    viewport.setProperties({ invert: this.#inverted(viewport) });
  }

  #inverted(viewport: Types.IStackViewport): boolean {
    const monochrome1 = viewport.getCornerstoneImage()?.invert === true;
    return monochrome1 !== this.#invert;
  }
}
