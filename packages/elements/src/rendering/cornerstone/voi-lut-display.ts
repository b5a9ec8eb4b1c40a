/**
 * Shows a VOI LUT with Cornerstone, which has no VOI LUT support of its own on
 * the GPU and a crude one on the CPU.
 *
 * - GPU: the LUT becomes a grey colormap over the LUT's input range. vtk.js
 *   samples a colormap into a colour-table texture (1024 texels by default);
 *   the texture is made as wide as the LUT (up to {@link MAX_TEXELS}) and the
 *   range widened by half an entry at each end, so that each stored value
 *   reads exactly its own entry (see {@link voiLutTexture}).
 * - CPU: Cornerstone's own VOI LUT path, given the LUT's bits per entry (it
 *   scales by them once patched: scripts/rollup/cornerstone-patches.mjs).
 *
 * Both report the LUT's input range as the viewport's VOI range.
 */
import { utilities, type Types } from '@cornerstonejs/core';
import { voiLutBounds, voiLutTexture, type VoiLut } from './voi-lut.js';

/**
 * Colour-table texels for one LUT. WebGL 2 guarantees 2048; 4096 is available
 * everywhere in practice (SwiftShader gives 8192). Longer LUTs (16-bit ones)
 * are sampled every `entries / 4096` entries and interpolated between.
 */
const MAX_TEXELS = 4096;
const GREY = 'fovea-linear-grey';

/** The LUT as Cornerstone's CPU path takes it (`numBitsPerEntry` is read by the patched code). */
interface CpuVoiLut {
  id: string;
  lut: number[];
  firstValueMapped: number;
  numBitsPerEntry: number;
}

interface CpuFallbackViewport {
  _cpuFallbackEnabledElement?: { viewport?: { voiLUT?: CpuVoiLut } };
}

interface ColorTextureMapper {
  setColorTextureWidth?(width: number): void;
}

/**
 * Per-page registrations of LUTs with Cornerstone: colormaps go into its
 * page-wide registry, which cannot forget them, so each LUT is registered
 * once (the adapter keeps one resolved LUT per instance).
 */
export class VoiLutRegistry {
  readonly #colormaps = new WeakMap<VoiLut, string>();
  readonly #cpu = new WeakMap<VoiLut, CpuVoiLut>();
  #next = 1;

  constructor() {
    utilities.colormap.registerColormap({
      name: GREY,
      Name: GREY,
      ColorSpace: 'RGB',
      RGBPoints: [0, 0, 0, 0, 1, 1, 1, 1],
    });
  }

  colormap(lut: VoiLut): string {
    let name = this.#colormaps.get(lut);
    if (!name) {
      name = `fovea-voi-lut-${this.#next++}`;
      const { greys } = voiLutTexture(lut, texels(lut));
      const points: number[] = [];
      const last = Math.max(1, greys.length - 1);
      greys.forEach((grey, k) => points.push(k / last, grey, grey, grey));
      utilities.colormap.registerColormap({ name, Name: name, ColorSpace: 'RGB', RGBPoints: points });
      this.#colormaps.set(lut, name);
    }
    return name;
  }

  cpuLut(lut: VoiLut): CpuVoiLut {
    let cpu = this.#cpu.get(lut);
    if (!cpu) {
      cpu = {
        id: `fovea-voi-lut-${this.#next++}`,
        lut: Array.from(lut.data),
        firstValueMapped: lut.firstMapped,
        numBitsPerEntry: lut.bits,
      };
      this.#cpu.set(lut, cpu);
    }
    return cpu;
  }
}

function texels(lut: VoiLut): number {
  return Math.min(lut.entries, MAX_TEXELS);
}

/** The input range a LUT is shown over, reported as the viewport's VOI range in both modes. */
export function voiLutRange(lut: VoiLut): Types.VOIRange {
  return voiLutBounds(lut, texels(lut));
}

/**
 * Replaces the colormap. Cornerstone's setColormap puts uninverted nodes into
 * a transfer function it still believes inverted, so inversion is taken off
 * first and put back after.
 */
function setGreyMap(viewport: Types.IStackViewport, name: string, invert: boolean): void {
  viewport.setProperties({ invert: false });
  viewport.setProperties({ colormap: { name } });
  if (invert) viewport.setProperties({ invert: true });
}

/** Shows `lut` (inverted for MONOCHROME1 or when asked: `invert`); the caller renders. */
export function showVoiLut(
  viewport: Types.IStackViewport,
  mode: 'gpu' | 'cpu',
  registry: VoiLutRegistry,
  lut: VoiLut,
  invert: boolean,
): void {
  if (mode === 'cpu') {
    const element = (viewport as unknown as CpuFallbackViewport)._cpuFallbackEnabledElement;
    if (element?.viewport) element.viewport.voiLUT = registry.cpuLut(lut);
    viewport.setProperties({ voiRange: voiLutRange(lut) });
    return;
  }
  const actor = viewport.getDefaultActor()?.actor as unknown as { getMapper?(): ColorTextureMapper } | undefined;
  actor?.getMapper?.().setColorTextureWidth?.(texels(lut));
  viewport.setProperties({ voiRange: voiLutRange(lut) });
  setGreyMap(viewport, registry.colormap(lut), invert);
}

/** Goes back to a linear window over the current VOI range; the caller renders. */
export function hideVoiLut(viewport: Types.IStackViewport, mode: 'gpu' | 'cpu', invert: boolean): void {
  if (mode === 'cpu') {
    const element = (viewport as unknown as CpuFallbackViewport)._cpuFallbackEnabledElement;
    if (element?.viewport) element.viewport.voiLUT = undefined;
    return;
  }
  setGreyMap(viewport, GREY, invert);
}
