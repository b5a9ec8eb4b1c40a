/**
 * The images of the series a viewport shows, from its references or its
 * series' metadata, and which of them to show first. Pure functions of the
 * DICOMweb model.
 */
import {
  imageReferences,
  isCrossSectional,
  type DicomSource,
  type Frame,
  type ImageReference,
  type Instance,
} from '@fovea-dicom/core';
import { imagePlane, type ImagePlane } from '../model/image-plane.js';

/** What to show: references, or a study's series. */
export interface SeriesSource {
  readonly references: readonly ImageReference[] | undefined;
  readonly studyUid: string;
  readonly seriesUid: string;
}

/** The images of `source`; `metadata` when they came from the series' metadata (it may have no image). */
export async function seriesImages(
  client: DicomSource,
  source: SeriesSource,
  signal: AbortSignal,
): Promise<{ references: readonly ImageReference[]; metadata?: Instance[] }> {
  if (source.references) return { references: source.references };
  const metadata = await client.retrieveSeriesMetadata(source.studyUid, source.seriesUid, { signal });
  return { references: imageReferences(client, metadata), metadata };
}

/** The image to show first: the one asked for, else the middle of a cross-sectional stack, else the first. */
export function firstImage(references: readonly ImageReference[], requested: number): number {
  if (requested >= 0 && requested < references.length) return requested;
  const instances = [...new Set(references.map((r) => r.instance))];
  return isCrossSectional(instances) ? Math.floor((references.length - 1) / 2) : 0;
}

/** The frame of `reference`, fetched now (to be handed to a renderer still starting). */
export function fetchFrame(client: DicomSource, reference: ImageReference, signal: AbortSignal): Promise<Frame> {
  const frame = client.retrieveFrames(reference, [reference.frame], { signal }).then(([f]) => f!);
  frame.catch(() => undefined); // the renderer reports it, or the load was abandoned
  return frame;
}

/** Where `reference` lies in patient space, from its frame's header; see {@link imagePlane}. */
export function planeOf(reference: ImageReference | undefined): ImagePlane | undefined {
  return reference && imagePlane(reference);
}
