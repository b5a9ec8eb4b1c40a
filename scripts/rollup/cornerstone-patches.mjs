// Rollup plugin: exact, checked patches to third-party code we bundle. Each
// patch names its reason; a build fails when its target text is gone (the
// dependency changed: re-check the bug upstream and drop or update the patch).
//
// 1. dicom-image-loader 5.14 codecs/jpeg.js (JPEG baseline/extended DCT):
//    the level shift for 12-bit samples is taken as 2056 / bitConversion
//    (the 8-bit 128 * 16 + 8 scaled by 4095 / 255), which adds about +15 to
//    every 12-bit sample; it must be 2^(P-1) * 16 + 8. Found by comparing with
//    dcmtk's decoding (test/e2e/transfer-syntaxes.test.ts).
// 2. dicom-image-loader 5.14 imageLoader/wadors/metaDataManager.js: remove()
//    sets the image's entries to undefined instead of deleting them, so every
//    image id ever added keeps its key (its URI, about 200 bytes) in two
//    page-wide tables: about 50 kB per 120-image stack shown and released
//    (Fovea's image ids name the client, so each new element adds new keys).
//    Found with the mount / unmount figures of docs/performance.md. (Since
//    patch 11 the wadors: loader is not registered; the build still reads the
//    module through the loader's index, and the patch stays while it does.)
// 3. core 5.14 RenderingEngine/helpers/cpuFallback/rendering/resize.js: the CPU
//    path sizes its canvas in CSS pixels while its coordinate conversions
//    (cssToDevicePixels / deviceToCssPixels) treat canvas pixels as device
//    pixels: on a 2x screen without WebGL the image was drawn at half
//    resolution and every tool coordinate was off by the ratio. The canvas is
//    sized in device pixels, as the WebGL path does. Found by the high-DPI test
//    (test/e2e/viewport-display.test.ts).
// 4. core 5.14 RenderingEngine/helpers/cpuFallback/rendering/getVOILut.js: the
//    CPU path scales a VOI LUT's output to 8 bits by shifting right by the bit
//    length of its largest entry minus 8, not by the LUT's declared bits per
//    entry: a 12-bit LUT whose largest entry is 1500 came out twice as bright,
//    one whose entries stay below 128 black (a negative shift), and the shift
//    truncates. With `numBitsPerEntry` given (Fovea's VOI LUTs), the output is
//    round(entry * 255 / (2^bits - 1)) and the input is rounded to an entry.
//    Checked by test/e2e/viewport-voi-lut.test.ts (e2e-cpu).
// 5. core 5.14 RenderingEngine/BaseRenderingEngine.js and RenderingEngine.js:
//    not a bug but a missing entry point. A viewport's render() only flags it
//    and draws in an animation-frame callback of the engine's own; when a new
//    image is asked for inside an animation frame (cine, a host's
//    requestAnimationFrame loop), that callback lands in the next frame, and
//    when one is asked for every frame the engine draws every other image (two
//    frames per image). renderFlaggedViewportsNow() draws the flagged viewports
//    at once and cancels the pending callback; the adapter calls it after
//    setImageIdIndex on a cached image (docs/performance.md, Scroll).
// 6. core 5.14 RenderingEngine/ContextPoolRenderingEngine.js and
//    TiledRenderingEngine.js: one viewport whose draw throws ends the engine's
//    render pass for every viewport, and leaves its "frame requested" flag set,
//    so the page's viewports never draw again; the error surfaces only as an
//    uncaught exception. Each viewport is drawn on its own: a draw that throws
//    fires `fovea-render-error` (detail: the error) on that viewport's element,
//    where the adapter turns it into an ImageError ('draw'), and the others draw.
//    Checked by test/e2e/viewport-faults.test.ts (a canvas call made to throw).
// 7. core 5.14 loaders/imageLoader.js: loadAndCacheImage starts
//    cache.putImageLoadObject and drops the promise it returns, which rethrows a
//    failed load: every image that failed to load was also an unhandled
//    rejection (the caller gets the failure through the load's own promise).
// 8. core 5.14 requestPool/requestPoolManager.js: the same for the pool's
//    `.finally` on each request: a request whose promise rejects (a Cornerstone
//    callback that threw) became an unhandled rejection.
//    Both checked by test/e2e/viewport-faults.test.ts (no unhandled rejection).
// 9. core 5.14 webWorkerManager/webWorkerManager.js: a worker task that
//    fails (a codec that rejects a damaged frame) is logged with
//    console.error as well as rejected. The adapter turns the rejection into
//    a typed fovea-error for the host: the extra console error is dropped, so
//    that a handled, reported condition does not look like a crash in the
//    host's console. Checked by test/e2e/robustness-malformed.test.ts (a page
//    with no console error).
// 10. core 5.14 RenderingEngine/StackViewport.js: the CPU path accepts a loaded
//    image when its index is the one on screen, without checking that it is
//    the same image: an image of the stack shown before, arriving late, was
//    drawn over a new stack at the same index (the previous series' picture,
//    for a series whose own image then failed). Its WebGL path compares image
//    ids already. Checked by test/e2e/robustness-races.test.ts (e2e-cpu).
// 11-15 are not bugs: they leave out what a stack viewer with its own image
//    loader never runs, so that the rendering chunk a first image waits for is
//    smaller (docs/performance.md, Bytes: 693 -> 369 kB gzip for the chunk).
//    Storybook runs Cornerstone unpatched, with all of it.
// 11. dicom-image-loader 5.14 init.js: init() registers the loader's wadors:
//    and wadouri: image loaders, and with them @cornerstonejs/metadata's default
//    metadata providers (naturalised metadata, tag modules, display sets, whose
//    dictionary and Part 10 reader come from dcmjs). Fovea loads its own
//    `fovea:` image ids, answers the metadata itself and calls the decode worker
//    directly (frame-decoder.ts): only the worker's registration is kept.
// 12. core 5.14 metaData.js and utilities/{splitImageIdsBy4DTags,
//    isVideoTransferSyntax,getPixelSpacingInformation}.js: they destructure
//    @cornerstonejs/metadata's `utilities` / `metaData` namespaces
//    (`const { a, b } = utilities`), which makes rollup keep every export of
//    the namespace (display sets, DICOM streams, tag dictionaries); read as
//    members, only those used are kept.
// 13. metadata 5.14 enums/TransferSyntaxes.js and utils 5.14
//    utilities/logging/index.js: their only imports of dcmjs, whose single-file
//    build rollup cannot shake (about 170 kB gzip): four transfer syntax UIDs,
//    written out, and dcmjs's `log`, which is the loglevel package, taken from
//    @cornerstonejs/core's own dependency on it.
// 14. core 5.14 RenderingEngine/helpers/viewportTypeToViewportClass.js:
//    registers every viewport type (volume, 3D, video, slide, ECG, the "next"
//    generic viewports), importing all their classes; Fovea enables STACK
//    viewports only, so only that type is registered.
// 15. core 5.14 loaders/{volumeLoader,geometryLoader}.js and the Volume3D render
//    paths: they import vtk.js's rendering profiles, which register the WebGPU
//    implementations next to the WebGL ones; Cornerstone renders with WebGL
//    (vtkOpenGLRenderWindow) only, so the WebGL profiles are imported.
// 16. dicom-image-loader 5.14 decodeImageFrameWorker.js and core 5.14
//    webWorkerManager/webWorkerManager.js: a decoded frame (512 KiB for a
//    512 x 512 CT slice) comes back from the decode worker as a structured
//    clone, and the compressed frame goes in as one: copied on both threads.
//    The worker now transfers the decoded frame's buffer when it is an array of
//    its own (the loader copies the codec's output out of wasm memory; a view
//    of wasm memory is never moved), and executeTask takes a `transferList`
//    that frame-decoder.ts fills with its own copy of the compressed frame.
// 17. dicom-image-loader 5.14 decodeImageFrameWorker.js postProcessDecodedPixels:
//    after the codec, three passes over every decoded frame in the worker: a
//    sign extension ((v << s) >> s) that changes nothing when the stored bits
//    fill the array's element (a signed 16-bit CT in an Int16Array), a min / max
//    pass (Math.min / Math.max per sample) that only picks the output array's
//    type, and a copy into that type. Fovea reads neither the range nor the
//    narrowed type (core's normaliseFrame takes the range of the values and
//    picks its own output), so with `options.fovea` (frame-decoder.ts) the
//    worker sign-extends only when it changes something and copies the frame
//    out of the codec's memory as it is, one pass.
// 18. core 5.14 RenderingEngine/helpers/cpuFallback/rendering/initializeRenderCanvas.js:
//    the CPU path's first image (and every change of image size) filled its
//    render canvas white and read it back with getImageData to get an opaque
//    white ImageData to write the image into: a read-back of a GPU canvas,
//    16 ms of the first image's main thread on the bench's machine (SwiftShader).
//    The same ImageData is now made with createImageData and filled with
//    opaque white in memory.
/** The specifier patch 13 imports loglevel by (resolved from @cornerstonejs/core, which depends on it). */
const LOGLEVEL = '\0fovea-loglevel';
const RENDER_ERROR = `viewport.element.dispatchEvent(new CustomEvent('fovea-render-error', { detail: error }));`;
const PATCHES = [
  {
    file: /dicom-image-loader\/dist\/esm\/codecs\/jpeg\.js$/,
    find: `        q =
            q <= -2056 / component.bitConversion
                ? 0
                : q >= 2024 / component.bitConversion
                    ? 255 / component.bitConversion
                    : (q + 2056 / component.bitConversion) >> 4;`,
    replace: `        var maxSample = Math.round(255 / component.bitConversion);
        var levelShift = ((maxSample + 1) / 2) * 16 + 8;
        q =
            q <= -levelShift
                ? 0
                : q >= maxSample * 16 - levelShift
                    ? maxSample
                    : (q + levelShift) >> 4;`,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/imageLoader\/wadors\/metaDataManager\.js$/,
    find: `    metadataByImageURI[imageURI] = undefined;
    multiframeMetadataByImageURI[imageURI] = undefined;`,
    replace: `    delete metadataByImageURI[imageURI];
    delete multiframeMetadataByImageURI[imageURI];`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/helpers\/cpuFallback\/rendering\/resize\.js$/,
    find: `    const { clientWidth, clientHeight } = canvas;
    if (canvas.width !== clientWidth || canvas.height !== clientHeight) {`,
    replace: `    const ratio = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
    const clientWidth = Math.round(canvas.clientWidth * ratio);
    const clientHeight = Math.round(canvas.clientHeight * ratio);
    if (canvas.width !== clientWidth || canvas.height !== clientHeight) {`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/helpers\/cpuFallback\/rendering\/getVOILut\.js$/,
    find: `function generateNonLinearVOILUT(voiLUT) {
    const bitsPerEntry = Math.max(...voiLUT.lut).toString(2).length;`,
    replace: `function generateNonLinearVOILUT(voiLUT) {
    if (voiLUT.numBitsPerEntry) {
        const lut = voiLUT.lut;
        const scale = 255 / (Math.pow(2, voiLUT.numBitsPerEntry) - 1);
        const last = lut.length - 1;
        return function (modalityLutValue) {
            const i = Math.round(modalityLutValue) - voiLUT.firstValueMapped;
            return Math.round(lut[i < 0 ? 0 : i > last ? last : i] * scale);
        };
    }
    const bitsPerEntry = Math.max(...voiLUT.lut).toString(2).length;`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/BaseRenderingEngine\.js$/,
    find: `    renderViewport(viewportId) {
        this._setViewportsToBeRenderedNextFrame([viewportId]);
    }`,
    replace: `    renderViewport(viewportId) {
        this._setViewportsToBeRenderedNextFrame([viewportId]);
    }
    renderFlaggedViewportsNow() {
        if (!this._animationFrameSet) {
            return;
        }
        const handle = this._animationFrameHandle;
        this._renderFlaggedViewports();
        window.cancelAnimationFrame(handle);
    }`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/RenderingEngine\.js$/,
    find: `    renderViewport(viewportId) {
        return this._implementation.renderViewport(viewportId);
    }`,
    replace: `    renderViewport(viewportId) {
        return this._implementation.renderViewport(viewportId);
    }
    renderFlaggedViewportsNow() {
        return this._implementation.renderFlaggedViewportsNow();
    }`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/ContextPoolRenderingEngine\.js$/,
    find: `            const eventDetails = viewportsToRender.map((viewport) => {
                const eventDetail = this.renderViewportUsingCustomOrVtkPipeline(viewport);
                viewport.setRendered();
                this._needsRender.delete(viewport.id);
                return eventDetail;
            });`,
    replace: `            const eventDetails = viewportsToRender.map((viewport) => {
                try {
                    const eventDetail = this.renderViewportUsingCustomOrVtkPipeline(viewport);
                    viewport.setRendered();
                    return eventDetail;
                } catch (error) {
                    ${RENDER_ERROR}
                    return undefined;
                } finally {
                    this._needsRender.delete(viewport.id);
                }
            });`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/TiledRenderingEngine\.js$/,
    find: `                if (this._needsRender.has(viewport.id)) {
                    const eventDetail = this.renderViewportUsingCustomOrVtkPipeline(viewport);
                    eventDetailArray.push(eventDetail);
                    viewport.setRendered();
                    this._needsRender.delete(viewport.id);`,
    replace: `                if (this._needsRender.has(viewport.id)) {
                    try {
                        const eventDetail = this.renderViewportUsingCustomOrVtkPipeline(viewport);
                        eventDetailArray.push(eventDetail);
                        viewport.setRendered();
                    } catch (error) {
                        ${RENDER_ERROR}
                    }
                    this._needsRender.delete(viewport.id);`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/loaders\/imageLoader\.js$/,
    find: `    if (!cache.getImageLoadObject(imageId)) {
        cache.putImageLoadObject(imageId, imageLoadObject);
    }
    return imageLoadObject.promise;`,
    replace: `    if (!cache.getImageLoadObject(imageId)) {
        cache.putImageLoadObject(imageId, imageLoadObject).catch(() => undefined);
    }
    return imageLoadObject.promise;`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/requestPool\/requestPoolManager\.js$/,
    find: `                    requestResult.finally(() => {
                        this.numRequests[type]--;
                        this.startAgain();
                    });`,
    replace: `                    requestResult
                        .finally(() => {
                            this.numRequests[type]--;
                            this.startAgain();
                        })
                        .catch(() => undefined);`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/webWorkerManager\/webWorkerManager\.js$/,
    find: `                catch (err) {
                    registrationLog.error(\`Error executing method '\${methodName}' on worker '\${workerName}':\`, err);
                    reject(err);
                }`,
    replace: `                catch (err) {
                    reject(err);
                }`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/StackViewport\.js$/,
    find: `            function successCallback(image, imageIdIndex, imageId) {
                if (this.currentImageIdIndex !== imageIdIndex) {
                    return;
                }`,
    replace: `            function successCallback(image, imageIdIndex, imageId) {
                if (this.currentImageIdIndex !== imageIdIndex || this.imageIds[imageIdIndex] !== imageId) {
                    return;
                }`,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/init\.js$/,
    find: `import registerLoaders from './imageLoader/registerLoaders.js';`,
    replace: ``,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/init\.js$/,
    find: `    registerLoaders(options);\n`,
    replace: ``,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/utilities\/splitImageIdsBy4DTags\.js$/,
    find: `const { splitImageIdsBy4DTags, handleMultiframe4D, generateFrameImageId } = utilities;`,
    replace: `const splitImageIdsBy4DTags = utilities.splitImageIdsBy4DTags;
const handleMultiframe4D = utilities.handleMultiframe4D;
const generateFrameImageId = utilities.generateFrameImageId;`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/utilities\/isVideoTransferSyntax\.js$/,
    find: `export const { videoUIDs } = utilities;`,
    replace: `export const videoUIDs = utilities.videoUIDs;`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/utilities\/getPixelSpacingInformation\.js$/,
    find: `const { getPixelSpacingInformation, calculateRadiographicPixelSpacing, getERMF, } = utilities;`,
    replace: `const getPixelSpacingInformation = utilities.getPixelSpacingInformation;
const calculateRadiographicPixelSpacing = utilities.calculateRadiographicPixelSpacing;
const getERMF = utilities.getERMF;`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/metaData\.js$/,
    find: `export const { addProvider, removeProvider, removeAllProviders, getMetaData, getTyped, get, getNormalized, toUpperCamelTag, toLowerCamelTag, } = metaData;`,
    replace: `export const addProvider = metaData.addProvider;
export const removeProvider = metaData.removeProvider;
export const removeAllProviders = metaData.removeAllProviders;
export const getMetaData = metaData.getMetaData;
export const getTyped = metaData.getTyped;
export const get = metaData.get;
export const getNormalized = metaData.getNormalized;
export const toUpperCamelTag = metaData.toUpperCamelTag;
export const toLowerCamelTag = metaData.toLowerCamelTag;`,
  },
  {
    file: /@cornerstonejs\/metadata\/dist\/esm\/enums\/TransferSyntaxes\.js$/,
    find: `import { constants } from 'dcmjs';
export const TransferSyntaxes = {
    IMPLICIT_VR_LITTLE_ENDIAN: constants.IMPLICIT_LITTLE_ENDIAN,
    EXPLICIT_VR_LITTLE_ENDIAN: constants.EXPLICIT_LITTLE_ENDIAN,
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN: constants.DEFLATED_EXPLICIT_LITTLE_ENDIAN,
    EXPLICIT_VR_BIG_ENDIAN: constants.EXPLICIT_BIG_ENDIAN,`,
    replace: `export const TransferSyntaxes = {
    IMPLICIT_VR_LITTLE_ENDIAN: '1.2.840.10008.1.2',
    EXPLICIT_VR_LITTLE_ENDIAN: '1.2.840.10008.1.2.1',
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN: '1.2.840.10008.1.2.1.99',
    EXPLICIT_VR_BIG_ENDIAN: '1.2.840.10008.1.2.2',`,
  },
  {
    file: /@cornerstonejs\/utils\/dist\/esm\/utilities\/logging\/index\.js$/,
    find: `import { log } from 'dcmjs';`,
    replace: `import log from '${LOGLEVEL}';`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/helpers\/viewportTypeToViewportClass\.js$/,
    find: `    hasRegisteredCoreViewportTypes = true;
    registerViewportType({
        type: ViewportType.ORTHOGRAPHIC,`,
    // The other registrations stay below, unreachable: rollup leaves them (and their classes) out.
    replace: `    hasRegisteredCoreViewportTypes = true;
    registerViewportType({
        type: ViewportType.STACK,
        ViewportClass: StackViewport,
    });
    return;
    registerViewportType({
        type: ViewportType.ORTHOGRAPHIC,`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/GenericViewport\/Volume3D\/VtkGeometry3DRenderPath\.js$/,
    find: `import '@kitware/vtk.js/Rendering/Profiles/Geometry.js';`,
    replace: `import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Geometry.js';`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/GenericViewport\/Volume3D\/VtkVolume3DRenderPath\.js$/,
    find: `import '@kitware/vtk.js/Rendering/Profiles/Volume.js';`,
    replace: `import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume.js';`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/loaders\/geometryLoader\.js$/,
    find: `import '@kitware/vtk.js/Rendering/Profiles/Geometry.js';`,
    replace: `import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Geometry.js';`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/loaders\/volumeLoader\.js$/,
    find: `import '@kitware/vtk.js/Rendering/Profiles/Volume.js';`,
    replace: `import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume.js';`,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/decodeImageFrameWorker\.js$/,
    find: `import { expose } from 'comlink';`,
    replace: `import { expose, transfer } from 'comlink';`,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/decodeImageFrameWorker\.js$/,
    find: `    decodeTask({ imageFrame, transferSyntax, decodeConfig, options, pixelData, callbackFn, }) {
        return decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn);
    },`,
    replace: `    async decodeTask({ imageFrame, transferSyntax, decodeConfig, options, pixelData, callbackFn, }) {
        const result = await decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn);
        const out = result && result.pixelData;
        // A decoded frame of its own (never a view of the codec's wasm memory): moved, not copied.
        return out && out.buffer instanceof ArrayBuffer && out.byteOffset === 0 && out.byteLength === out.buffer.byteLength
            ? transfer(result, [out.buffer])
            : result;
    },`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/webWorkerManager\/webWorkerManager\.js$/,
    find: `    executeTask(workerName, methodName, args = {}, { requestType = RequestType.Compute, priority = 0, options = {}, callbacks = [], } = {}) {`,
    replace: `    executeTask(workerName, methodName, args = {}, { requestType = RequestType.Compute, priority = 0, options = {}, callbacks = [], transferList = [], } = {}) {`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/webWorkerManager\/webWorkerManager\.js$/,
    find: `                    const results = await api[methodName](args, ...finalCallbacks);`,
    replace: `                    const results = await api[methodName](transferList.length ? Comlink.transfer(args, transferList) : args, ...finalCallbacks);`,
  },
  {
    file: /dicom-image-loader\/dist\/esm\/decodeImageFrameWorker\.js$/,
    find: `export function postProcessDecodedPixels(imageFrame, options, start, decodeConfig) {
`,
    replace: `export function postProcessDecodedPixels(imageFrame, options, start, decodeConfig) {
    // Fovea's frames (patch 17): one copy out of the codec's memory, a sign extension only where it changes a value.
    if (options.fovea === true && !options.targetBuffer && !options.preScale?.enabled && ArrayBuffer.isView(imageFrame.pixelData) && imageFrame.pixelData.BYTES_PER_ELEMENT) {
        const out = imageFrame.pixelData.slice();
        const bits = imageFrame.bitsStored;
        if (imageFrame.pixelRepresentation === 1 && bits !== undefined && bits < 8 * out.BYTES_PER_ELEMENT) {
            const shift = 32 - bits;
            for (let i = 0; i < out.length; i++) {
                out[i] = (out[i] << shift) >> shift;
            }
        }
        imageFrame.pixelData = out;
        imageFrame.pixelDataLength = out.length;
        imageFrame.decodeTimeInMS = new Date().getTime() - start;
        return imageFrame;
    }
`,
  },
  {
    file: /@cornerstonejs\/core\/dist\/esm\/RenderingEngine\/helpers\/cpuFallback\/rendering\/initializeRenderCanvas\.js$/,
    find: `    const renderCanvasData = canvasContext.getImageData(0, 0, image.width, image.height);`,
    replace: `    const renderCanvasData = canvasContext.createImageData(image.width, image.height);
    new Uint32Array(renderCanvasData.data.buffer).fill(0xffffffff);`,
  },
];

/** @returns {import('rollup').Plugin} */
export function cornerstonePatches() {
  const applied = new Set();
  return {
    name: 'fovea-cornerstone-patches',
    buildStart() {
      applied.clear();
    },
    // loglevel as @cornerstonejs/core depends on it (patch 13): resolved from core's own package.
    async resolveId(source, importer) {
      if (source !== LOGLEVEL) return null;
      const core = await this.resolve('@cornerstonejs/core', importer, { skipSelf: true });
      if (!core) this.error('patch 13: @cornerstonejs/core not found');
      const resolved = await this.resolve('loglevel', core.id, { skipSelf: true });
      if (!resolved) this.error('patch 13: loglevel (a dependency of @cornerstonejs/core) not found');
      return resolved;
    },
    transform(code, id) {
      let out = code;
      for (const [i, patch] of PATCHES.entries()) {
        if (!patch.file.test(id.replace(/\\/g, '/'))) continue;
        if (!out.includes(patch.find)) this.error(`patch ${i + 1} no longer applies to ${id}`);
        out = out.replace(patch.find, patch.replace);
        applied.add(i);
      }
      return out === code ? null : { code: out, map: null };
    },
    buildEnd(error) {
      if (error) return;
      // Only builds that bundle the loader must have applied every patch.
      if (applied.size > 0 && applied.size !== PATCHES.length) this.error('not every Cornerstone patch applied');
    },
  };
}
