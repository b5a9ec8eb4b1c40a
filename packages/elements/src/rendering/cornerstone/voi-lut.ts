/**
 * VOI LUTs (the header's VOI LUT Sequence) as tables ready to display, and the
 * arithmetic both rendering paths share. No Cornerstone import: the adapter
 * applies the result.
 */
import { getItems, Tag, type DicomSource, type Instance, type VoiLutPreset } from '@fovea-dicom/core';
import { lutEntries } from './lut-data.js';

/** A VOI LUT with its entries. */
export interface VoiLut extends VoiLutPreset {
  /** `entries` output values, 0 to 2^bits - 1. */
  data: Uint16Array;
}

/**
 * The instance's VOI LUTs with their data, fetched through the host's client
 * when the server sent LUT Data as bulk data (once per instance, through
 * InstanceData). A LUT whose data is missing or shorter than its descriptor
 * says is left out.
 */
export async function resolveVoiLuts(client: DicomSource, instance: Instance): Promise<VoiLut[]> {
  const presets = instance.voiLuts;
  if (presets.length === 0) return [];
  const items = getItems(instance.dataset, Tag.VOILUTSequence);
  const luts = await Promise.all(
    presets.map(async (preset): Promise<VoiLut | undefined> => {
      const entries = await lutEntries(client, items[preset.index]!, Tag.LUTData, preset, undefined);
      if (!entries || entries.length < preset.entries) return undefined;
      return { ...preset, data: Uint16Array.from(entries.slice(0, preset.entries)) };
    }),
  );
  return luts.filter((lut): lut is VoiLut => lut !== undefined);
}

/**
 * The LUT resampled to `width` texels for a colour-table texture, and the
 * input range to map onto that texture so that each texel's centre falls on
 * the input value it was sampled at: with `width` equal to the number of
 * entries, every integer input reads its own entry, without interpolation.
 * (A texture coordinate t = (v - lower) / (upper - lower) reads texel centre k
 * at t = (k + 0.5) / width.)
 */
export function voiLutTexture(lut: VoiLut, width: number): { greys: Float32Array; lower: number; upper: number } {
  const step = lut.entries / width;
  const greys = new Float32Array(width);
  const max = 2 ** lut.bits - 1;
  for (let k = 0; k < width; k++) {
    greys[k] = lut.data[Math.min(lut.entries - 1, Math.round(k * step))]! / max;
  }
  return { greys, ...voiLutBounds(lut, width) };
}

/** The input range of {@link voiLutTexture}'s texture: half a texel beyond the first and last entries. */
export function voiLutBounds(lut: VoiLutPreset, width: number): { lower: number; upper: number } {
  const lower = lut.firstMapped - lut.entries / width / 2;
  return { lower, upper: lower + lut.entries };
}
