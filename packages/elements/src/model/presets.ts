/**
 * Window (VOI) presets by modality, in modality units (HU for CT), for the
 * toolbar's presets menu and for hosts. The header's own windows come first
 * in a viewport (`voiPresets`); these are the customary reading windows.
 */
import type { Voi } from './presentation.js';

/** A named window preset. */
export interface NamedWindowPreset extends Voi {
  /** Stable identifier, e.g. `ct-lung`. */
  id: string;
  /** English label for menus (hosts may relabel by `id`). */
  label: string;
}

/** The customary CT windows (centre / width in HU). */
export const CT_WINDOW_PRESETS: readonly NamedWindowPreset[] = Object.freeze([
  { id: 'ct-brain', label: 'Brain', center: 40, width: 80 },
  { id: 'ct-subdural', label: 'Subdural', center: 75, width: 215 },
  { id: 'ct-lung', label: 'Lung', center: -600, width: 1500 },
  { id: 'ct-mediastinum', label: 'Mediastinum', center: 50, width: 350 },
  { id: 'ct-abdomen', label: 'Abdomen', center: 40, width: 400 },
  { id: 'ct-liver', label: 'Liver', center: 30, width: 150 },
  { id: 'ct-bone', label: 'Bone', center: 400, width: 1800 },
]);

const BY_MODALITY: Readonly<Record<string, readonly NamedWindowPreset[]>> = { CT: CT_WINDOW_PRESETS };

/** The presets for a modality (empty when there are no customary windows for it, e.g. MR). */
export function windowPresetsFor(modality: string | undefined): readonly NamedWindowPreset[] {
  return (modality && BY_MODALITY[modality.toUpperCase()]) || [];
}
