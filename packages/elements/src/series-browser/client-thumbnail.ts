// The last resort for a series thumbnail: when the server has neither
// /thumbnail nor /rendered, decode the series' middle image in the page (the
// rendering module is loaded for it, as a viewport would) and draw it small.
import { ImageError, imageReferences, type DicomSource } from '@fovea-dicom/core';
import { loadRendering } from '../rendering/loader.js';
import { canvasBlob, thumbnailCanvas } from './render-thumbnail.js';

/**
 * A PNG of the middle image of a series, `size` device pixels at most on its
 * long side; undefined for a series without images (SR, PDF).
 */
export async function clientThumbnail(
  client: DicomSource,
  studyUid: string,
  seriesUid: string,
  size: number,
  cacheBytes: number,
  signal: AbortSignal,
): Promise<Blob | undefined> {
  const instances = await client.retrieveSeriesMetadata(studyUid, seriesUid, { signal });
  const references = imageReferences(
    client,
    instances.filter((i) => i.hasPixelData),
  );
  const reference = references[Math.floor((references.length - 1) / 2)];
  if (!reference) return undefined;
  const values = await (await loadRendering()).decodeImage(client, reference, { mode: 'auto', cacheBytes }, signal);
  const { instance } = reference;
  const window = instance.windows[0];
  try {
    const canvas = thumbnailCanvas(
      values,
      { window, invert: instance.photometricInterpretation === 'MONOCHROME1' },
      size,
    );
    return await canvasBlob(canvas);
  } catch (cause) {
    throw new ImageError('draw', 'the thumbnail could not be drawn', { cause });
  }
}
