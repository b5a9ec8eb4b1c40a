/**
 * Key images of series no viewport shows, made printable from their metadata
 * alone: each is rendered off screen as the series would first appear (the
 * image's own window, no zoom, pan or rotation), with its corner text,
 * orientation labels and a scale bar computed from the header.
 */
import { imageReferences, type DicomSource, type ImageReference } from '@fovea-dicom/core';
import type { RenderingInit } from '../../rendering/types.js';
import { frameAttributesOf } from '../../model/frame-attributes.js';
import { axesFromPatientOrientation, edgeLabels } from '../../model/orientation.js';
import type { Vec3 } from '../../model/orientation.js';
import { cornerLines } from '../../viewport/overlay.js';
import type { KeyImageSelection } from '../key-images.js';
import type { PrintImage } from './document.js';

/** The longer side of such an image "on screen", in CSS pixels: only its aspect ratio and scale matter. */
const CSS_SIDE = 512;

/** Where and how the off-screen renders run. */
export interface UnshownContext {
  client: DicomSource;
  init: RenderingInit;
  /** The element the off-screen renders are placed in for their duration. */
  parent: ShadowRoot | HTMLElement;
  locale: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The key images of `selection` in series other than `shown`, series by
 * series in the order the selection lists them, each series in stack order.
 * A series whose metadata cannot be read rejects the whole job (loud, not a
 * print silently missing images).
 */
export async function unshownKeyImages(
  selection: KeyImageSelection,
  shown: ReadonlySet<string>,
  context: UnshownContext,
): Promise<PrintImage[]> {
  const series: string[] = [];
  for (const image of selection.images()) {
    if (!shown.has(image.seriesInstanceUid) && !series.includes(image.seriesInstanceUid)) {
      series.push(image.seriesInstanceUid);
    }
  }
  const metadata = await Promise.all(
    series.map((uid) =>
      context.client.retrieveSeriesMetadata(selection.studyInstanceUid, uid, { signal: context.signal }),
    ),
  );
  const images: PrintImage[] = [];
  for (const instances of metadata) {
    const references = imageReferences(context.client, instances);
    references.forEach((reference, index) => {
      const frame = reference.instance.isMultiframe ? reference.frame : undefined;
      if (selection.has(reference.sopInstanceUid, frame)) {
        images.push(printImageOf(reference, index, references.length, context));
      }
    });
  }
  return images;
}

/** The size of an image fitted in a CSS_SIDE square, and its CSS pixels per mm (undefined without the frame's pixel spacing). */
export function fittedSize(reference: ImageReference): {
  cssSize: [number, number];
  cssPixelsPerMm: number | undefined;
} {
  const { rows = 1, columns = 1 } = reference.instance;
  const { pixelSpacing } = frameAttributesOf(reference);
  // Pixel Spacing is row spacing (between rows: vertical), then column spacing (horizontal).
  const [widthMm, heightMm] = pixelSpacing ? [columns * pixelSpacing[1], rows * pixelSpacing[0]] : [columns, rows];
  const scale = CSS_SIDE / Math.max(widthMm, heightMm);
  return {
    cssSize: [Math.max(1, Math.round(widthMm * scale)), Math.max(1, Math.round(heightMm * scale))],
    cssPixelsPerMm: pixelSpacing ? scale : undefined,
  };
}

/**
 * Screen axes of a frame shown unrotated: right along its rows, up against its
 * columns (from its Patient Orientation where it has no Image Orientation).
 */
export function unrotatedAxes(reference: ImageReference): { right: Vec3; up: Vec3 } | undefined {
  const iop = frameAttributesOf(reference).imageOrientationPatient;
  if (!iop)
    return axesFromPatientOrientation({ right: [1, 0, 0], up: [0, -1, 0] }, reference.instance.patientOrientation);
  return { right: [iop[0], iop[1], iop[2]], up: [-iop[3], -iop[4], -iop[5]] };
}

/** Image `index` of `total` of an unshown series, as it prints: its frame's window, corner text, labels and scale. */
export function printImageOf(
  reference: ImageReference,
  index: number,
  total: number,
  context: UnshownContext,
): PrintImage {
  const { cssSize, cssPixelsPerMm } = fittedSize(reference);
  const axes = unrotatedAxes(reference);
  // The window the render below takes by default: the frame's first (an enhanced object's Frame VOI LUT).
  const { windows, sliceThickness } = frameAttributesOf(reference);
  const window = windows[0];
  return {
    instance: reference.instance,
    frame: reference.frame,
    cssSize,
    cssPixelsPerMm,
    corners: cornerLines({
      instance: reference.instance,
      index,
      total,
      voi: window ? { center: window.center, width: window.width } : undefined,
      presentation: undefined,
      axes,
      cssPixelsPerMm,
      sliceThickness,
      locale: context.locale,
    }),
    orientation: axes ? edgeLabels(axes.right, axes.up) : undefined,
    // Measurements live with the viewport that drew them; an unshown series has none on screen.
    measurements: [],
    render: async (width, height, signal) => {
      const { renderView } = await import('./capture.js');
      return renderView(
        {
          client: context.client,
          reference,
          voi: undefined,
          voiLutIndex: undefined,
          invert: false,
          presentation: undefined,
          cssSize,
          init: context.init,
        },
        width,
        height,
        context.parent,
        signal,
      );
    },
  };
}
