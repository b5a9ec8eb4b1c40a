/**
 * Cornerstone sets the window and the camera again with every new image of a
 * stack on screen, and reports each time: a renderer passes a report on only
 * when it is a change. A new stack reports its first window and view again.
 */
import { samePresentation, sameVoi, type Presentation, type Voi } from '../../model/presentation.js';

export class ChangeReports {
  #voi: { voi: Voi; voiLut: number | undefined } | undefined;
  #view: Presentation | undefined;

  /** A new stack: its first window and view are reported whatever they are. */
  newStack(): void {
    this.#voi = undefined;
    this.#view = undefined;
  }

  /** True when `voi` (with VOI LUT `voiLut`, or a window) is not what was reported last. */
  voiChanged(voi: Voi, voiLut: number | undefined): boolean {
    const last = this.#voi;
    if (last && sameVoi(last.voi, voi) && last.voiLut === voiLut) return false;
    this.#voi = { voi: { center: voi.center, width: voi.width }, voiLut };
    return true;
  }

  /** True when `view` is not what was reported last. */
  viewChanged(view: Presentation): boolean {
    if (samePresentation(view, this.#view)) return false;
    this.#view = { ...view, pan: [view.pan[0], view.pan[1]] };
    return true;
  }
}
