/**
 * Cornerstone3D tools behind Fovea's tool API: one ToolGroup per viewport,
 * mouse, wheel and touch bindings, and the conversion of Cornerstone
 * annotations to and from {@link Measurement} objects.
 *
 * Cornerstone's tool state (annotations, tool groups) is global; each
 * {@link ViewportTools} only looks at the annotations on its own image ids.
 */
import { eventTarget, getEnabledElement, metaData, utilities as csUtils, type Types } from '@cornerstonejs/core';
import {
  addTool,
  AngleTool,
  annotation as annotationApi,
  ArrowAnnotateTool,
  cancelActiveManipulations,
  EllipticalROITool,
  Enums as ToolEnums,
  init as initCornerstoneTools,
  LengthTool,
  PanTool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  state as toolsState,
  store,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { ImageReference } from '@fovea-dicom/core';
import {
  geometryOf,
  imageToPatient,
  spacingOf,
  type Measurement,
  type MeasurementImage,
  type MeasurementKind,
  type RegionStats,
} from '../../model/measurements.js';
import { MEASUREMENT_KINDS, type MouseButton, type ToolBindings, type ToolName } from '../../model/tools.js';
import { annotationLayerSvg } from './svg-layer.js';

type Annotation = ToolTypes.Annotation;

/**
 * Cornerstone 5.14's probe looks its voxel up at k = the stack position, but a
 * stack viewport's image data is the one slice on screen (depth 1), so probes
 * read nothing on any image but the first. This probe lets the depth pass and
 * reads the slice at k = 0; the text still shows the stack position as k.
 */
class StackProbeTool extends ProbeTool {
  protected override getTargetImageData(targetId: string): ReturnType<ProbeTool['getTargetImageData']> {
    const image = super.getTargetImageData(targetId);
    const slice = image?.voxelManager;
    if (!image || !slice || !targetId.startsWith('imageId:') || image.dimensions[2] !== 1) return image;
    const voxelManager = Object.create(slice, {
      getAtIJKPoint: { value: ([i, j]: Types.Point3) => slice.getAtIJKPoint([i, j, 0]) },
    }) as typeof slice;
    return { ...image, dimensions: [image.dimensions[0], image.dimensions[1], Infinity], voxelManager };
  }
}

const CS_TOOL: Record<ToolName, string> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  stackScroll: StackScrollTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  rectangle: RectangleROITool.toolName,
  ellipse: EllipticalROITool.toolName,
  probe: ProbeTool.toolName,
  arrow: ArrowAnnotateTool.toolName,
};

/** Measurement kinds by Cornerstone tool name. */
const KIND: Record<string, MeasurementKind> = Object.fromEntries(
  MEASUREMENT_KINDS.map((kind) => [CS_TOOL[kind], kind]),
);

const ANNOTATION_TOOLS = new Set(Object.keys(KIND));

type Hydrate = (viewportId: string, points: Types.Point3[], options: Record<string, unknown>) => void;
/** Cornerstone's own way to recreate an annotation from points (arrows take a label too). */
const HYDRATE: Record<Exclude<MeasurementKind, 'arrow'>, Hydrate> = {
  length: LengthTool.hydrate as Hydrate,
  angle: AngleTool.hydrate as Hydrate,
  rectangle: RectangleROITool.hydrate as Hydrate,
  ellipse: EllipticalROITool.hydrate as Hydrate,
  probe: ProbeTool.hydrate as Hydrate,
};

const BUTTON: Record<MouseButton, ToolEnums.MouseBindings> = {
  primary: ToolEnums.MouseBindings.Primary,
  secondary: ToolEnums.MouseBindings.Secondary,
  middle: ToolEnums.MouseBindings.Auxiliary,
};

/** Bindings that do not change with the toolbar: wheel scrolls, pinch zooms, three fingers pan. */
const FIXED: Partial<Record<string, ToolTypes.IToolBinding[]>> = {
  [StackScrollTool.toolName]: [{ mouseButton: ToolEnums.MouseBindings.Wheel }],
  [ZoomTool.toolName]: [{ numTouchPoints: 2 }],
  [PanTool.toolName]: [{ numTouchPoints: 3 }],
};

let initialised = false;

/**
 * Initialises Cornerstone's tools once per page. Viewports enabled before it
 * ran are attached by {@link ViewportTools} itself.
 */
export function initTools(): void {
  if (initialised) return;
  initialised = true;
  initCornerstoneTools();
  for (const tool of [
    WindowLevelTool,
    PanTool,
    ZoomTool,
    StackScrollTool,
    LengthTool,
    AngleTool,
    RectangleROITool,
    EllipticalROITool,
    StackProbeTool,
    ArrowAnnotateTool,
  ]) {
    addTool(tool);
  }
}

/** What the tools need to know about the stack and report to the renderer. */
export interface ToolsHost {
  /** The image on the stack behind an image id, or undefined for another viewport's. */
  imageOf(imageId: string): { reference: ImageReference; image: MeasurementImage } | undefined;
  /** The image id of a stored image, when it is in this stack. */
  imageIdOf(image: MeasurementImage): string | undefined;
  /** The label of a new arrow; undefined or '' cancels it. */
  arrowText(): Promise<string | undefined>;
  added(measurement: Measurement): void;
  changed(measurement: Measurement): void;
  removed(measurement: Measurement): void;
}

/** The tools of one viewport. */
export class ViewportTools {
  readonly #group: ToolTypes.IToolGroup;
  readonly #element: HTMLDivElement;
  readonly #host: ToolsHost;
  readonly #viewportId: string;
  /** Annotations reported to the host (completed, or restored). */
  readonly #known = new Map<string, Measurement>();
  readonly #listeners: [string, EventListener][] = [];

  constructor(viewportId: string, engineId: string, element: HTMLDivElement, host: ToolsHost) {
    this.#element = element;
    this.#viewportId = viewportId;
    this.#host = host;
    // Enabled before the tools were loaded (they load once the first image is drawn): give the
    // element what the tools' ELEMENT_ENABLED listener would have (SVG layer, input listeners).
    if (!toolsState.enabledElements.includes(element)) {
      store.addEnabledElement(new CustomEvent('fovea-late-enable', { detail: { element, viewportId } }) as never);
    }
    const group = ToolGroupManager.createToolGroup(`fovea-tools-${viewportId}`);
    if (!group) throw new Error('tool group exists');
    this.#group = group;
    const text = (done: (label: string) => void) => void host.arrowText().then((label) => done(label ?? ''));
    for (const name of Object.values(CS_TOOL)) {
      group.addTool(name, name === ArrowAnnotateTool.toolName ? { getTextCallback: text } : undefined);
    }
    group.addViewport(viewportId, engineId);
    const { Events } = ToolEnums;
    this.#on(Events.ANNOTATION_COMPLETED, (a) => this.#report(a, 'added'));
    this.#on(Events.ANNOTATION_MODIFIED, (a) => {
      if (this.#known.has(a.annotationUID ?? '')) this.#report(a, 'changed');
    });
    this.#on(Events.ANNOTATION_REMOVED, (a) => {
      const uid = a.annotationUID ?? '';
      const last = this.#known.get(uid);
      if (!last) return;
      this.#known.delete(uid);
      host.removed(last);
    });
    // The right button belongs to the tools, not the browser's menu.
    element.addEventListener('contextmenu', preventDefault);
  }

  #on(type: string, handler: (annotation: Annotation) => void): void {
    const listener = (event: Event) => {
      const annotation = (event as CustomEvent<{ annotation?: Annotation }>).detail?.annotation;
      if (annotation && this.#host.imageOf(annotation.metadata?.referencedImageId ?? '')) handler(annotation);
    };
    eventTarget.addEventListener(type, listener);
    this.#listeners.push([type, listener]);
  }

  #report(annotation: Annotation, how: 'added' | 'changed'): void {
    const measurement = this.#toMeasurement(annotation);
    if (!measurement) return;
    this.#known.set(measurement.id, measurement);
    this.#host[how](measurement);
  }

  /** Binds one tool per button; tools without a button stay passive (their annotations remain editable). */
  setBindings(bindings: ToolBindings): void {
    const buttonsOf = new Map<string, ToolTypes.IToolBinding[]>();
    for (const [button, tool] of Object.entries(bindings) as [MouseButton, ToolName | undefined][]) {
      if (!tool) continue;
      const name = CS_TOOL[tool];
      buttonsOf.set(name, [...(buttonsOf.get(name) ?? []), { mouseButton: BUTTON[button] }]);
    }
    for (const name of Object.values(CS_TOOL)) {
      const wanted = [...(buttonsOf.get(name) ?? []), ...(FIXED[name] ?? [])];
      if (ANNOTATION_TOOLS.has(name)) this.#group.setToolPassive(name, { removeAllBindings: true });
      else this.#group.setToolDisabled(name);
      if (wanted.length > 0) this.#group.setToolActive(name, { bindings: wanted });
    }
  }

  /** The measurements on this viewport's images, oldest first. */
  measurements(): Measurement[] {
    return annotationApi.state
      .getAllAnnotations()
      .filter((a) => this.#host.imageOf(a.metadata?.referencedImageId ?? ''))
      .map((a) => this.#toMeasurement(a))
      .filter((m): m is Measurement => m !== undefined);
  }

  /** Replaces this viewport's measurements; those on images not in the stack are skipped and returned. */
  setMeasurements(list: readonly Measurement[]): Measurement[] {
    this.clear();
    const skipped: Measurement[] = [];
    for (const m of list) {
      const imageId = this.#host.imageIdOf(m.image);
      if (!imageId) {
        skipped.push(m);
        continue;
      }
      const world = handlePoints(m).map((p) => csUtils.imageToWorldCoords(imageId, p) as Types.Point3);
      // hydrate() drops the view plane when given an image id, and the ROI tools
      // sample no pixels without one (their statistics stay empty): pass the
      // image's plane the way a drawn annotation records it (options go into metadata).
      const options = { annotationUID: m.id, referencedImageId: imageId, ...planeOf(imageId) };
      if (m.kind === 'arrow') ArrowAnnotateTool.hydrate(this.#viewportId, world, m.text ?? '', options);
      else HYDRATE[m.kind](this.#viewportId, world, options);
      // Invalidated annotations compute their statistics on the next render of
      // their image and then fire ANNOTATION_MODIFIED, which reaches the host as
      // fovea-measurement-change with the values.
      const restored = annotationApi.state.getAnnotation(m.id);
      if (restored) restored.invalidated = true;
      this.#known.set(m.id, m);
    }
    this.render();
    return skipped;
  }

  /** Removes this viewport's annotations (fires no remove events: the host asked). */
  clear(): void {
    for (const a of annotationApi.state.getAllAnnotations()) {
      if (!a.annotationUID || !this.#host.imageOf(a.metadata?.referencedImageId ?? '')) continue;
      this.#known.delete(a.annotationUID);
      annotationApi.state.removeAnnotation(a.annotationUID);
    }
    this.#known.clear();
    this.render();
  }

  render(): void {
    this.#viewport()?.render();
  }

  #viewport(): Types.IStackViewport | undefined {
    return getEnabledElement(this.#element)?.viewport as Types.IStackViewport | undefined;
  }

  /** The annotation layer as a standalone SVG document, sized like the canvas on screen. */
  svg(): string | undefined {
    return annotationLayerSvg(this.#element);
  }

  #toMeasurement(a: Annotation): Measurement | undefined {
    const kind = KIND[a.metadata?.toolName ?? ''];
    const imageId = a.metadata?.referencedImageId;
    const found = imageId ? this.#host.imageOf(imageId) : undefined;
    const world = a.data?.handles?.points as Types.Point3[] | undefined;
    if (!kind || !imageId || !found || !world?.length) return undefined;
    let image: [number, number][];
    try {
      image = world.map((p) => {
        const [x, y] = csUtils.worldToImageCoords(imageId, p) as [number, number];
        return [x, y];
      });
    } catch {
      return undefined;
    }
    const points = measurementPoints(kind, image);
    const spacing = spacingOf(found.reference);
    const measurement: Measurement = {
      id: a.annotationUID ?? '',
      kind,
      image: found.image,
      points: points.map((p) => {
        const patient = imageToPatient(found.reference, p);
        return patient ? { image: p, patient } : { image: p };
      }),
      spacing: spacing.source,
      ...geometryOf(kind, points, spacing),
    };
    const stats = Object.values((a.data?.cachedStats ?? {}) as Record<string, CachedStats>)[0];
    if ((kind === 'rectangle' || kind === 'ellipse') && stats && isNumber(stats.mean)) {
      const unit = stats.modalityUnit ?? '';
      measurement.stats = {
        mean: stats.mean,
        stdDev: isNumber(stats.stdDev) ? stats.stdDev : NaN,
        min: isNumber(stats.min) ? stats.min : NaN,
        max: isNumber(stats.max) ? stats.max : NaN,
        unit,
      } satisfies RegionStats;
    }
    if (kind === 'probe' && stats && isNumber(stats.value)) {
      measurement.value = stats.value;
      measurement.unit = stats.modalityUnit === 'HU' ? 'HU' : '';
    }
    if (kind === 'arrow') measurement.text = String((a.data as { text?: string }).text ?? a.data.label ?? '');
    return measurement;
  }

  destroy(): void {
    for (const [type, listener] of this.#listeners) eventTarget.removeEventListener(type, listener);
    // A shape half drawn (an angle waiting for its third point) holds Cornerstone's page-wide
    // "interacting" flag: left set, every other viewport on the page would ignore the mouse.
    cancelActiveManipulations(this.#element);
    toolsState.isInteractingWithTool = false;
    this.clear();
    this.#element.removeEventListener('contextmenu', preventDefault);
    ToolGroupManager.destroyToolGroup(this.#group.id);
  }
}

interface CachedStats {
  mean?: number;
  stdDev?: number;
  min?: number;
  max?: number;
  value?: number;
  modalityUnit?: string;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const preventDefault = (event: Event) => event.preventDefault();

/**
 * The view plane of an image as Cornerstone's stack viewport sets its camera:
 * normal = column x row cosines, up = -column cosines (defaults as Cornerstone's
 * for images without a plane).
 */
function planeOf(imageId: string): { viewPlaneNormal: Types.Point3; viewUp: Types.Point3 } {
  const plane = metaData.get('imagePlaneModule', imageId) as
    { rowCosines?: Types.Point3; columnCosines?: Types.Point3 } | undefined;
  const [r0, r1, r2] = plane?.rowCosines ?? [1, 0, 0];
  const [c0, c1, c2] = plane?.columnCosines ?? [0, 1, 0];
  return {
    viewPlaneNormal: [c1 * r2 - c2 * r1, c2 * r0 - c0 * r2, c0 * r1 - c1 * r0],
    viewUp: [-c0, -c1, -c2],
  };
}

/** Cornerstone handles to Fovea points: rectangle and ellipse become their bounding box corners. */
function measurementPoints(kind: MeasurementKind, image: [number, number][]): [number, number][] {
  if (kind !== 'rectangle' && kind !== 'ellipse') return image;
  const xs = image.map((p) => p[0]);
  const ys = image.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

/** Fovea points to Cornerstone handles (the inverse of {@link measurementPoints}). */
function handlePoints(m: Measurement): [number, number][] {
  const image = m.points.map((p) => p.image);
  if (m.kind !== 'rectangle' && m.kind !== 'ellipse') return image;
  const [[x0, y0], [x1, y1]] = image as [[number, number], [number, number]];
  if (m.kind === 'rectangle') {
    return [
      [x0, y1],
      [x1, y1],
      [x0, y0],
      [x1, y0],
    ];
  }
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  // Cornerstone's order: bottom, top, left, right.
  return [
    [cx, y1],
    [cx, y0],
    [x0, cy],
    [x1, cy],
  ];
}
