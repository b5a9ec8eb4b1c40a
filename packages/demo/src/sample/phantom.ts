/**
 * Deterministic pixel generators for Fovea's sample and test images.
 *
 * Everything here is pure: the same arguments give the same pixels, on any
 * machine. The only "noise" comes from a fixed-seed linear congruential
 * generator, and only where tests do not assert exact values. The geometry of
 * every phantom is exported so that tests can check what a viewer shows and
 * measures (pixel coordinates are column `x`, row `y`, pixel centres at integers;
 * a pixel is inside a disc when `(x - cx)^2 + (y - cy)^2 <= r^2`).
 *
 * No Node APIs: usable in a page or a worker.
 */
// One module a phantom (phantom-ct, -mr, -xray, -us, -palette) and their
// drawing helpers (phantom-draw); this module is the one the samples, the
// corpus scripts and the tests import.
export { createLcg, textWidth, to8Bit, type Ruler } from './phantom-draw.js';
export * from './phantom-ct.js';
export * from './phantom-mr.js';
export * from './phantom-xray.js';
export * from './phantom-us.js';
export * from './phantom-palette.js';
