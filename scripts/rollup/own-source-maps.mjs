// Rollup plugin: source maps of our own code only.
//
// The rendering stack is mostly third-party code (Cornerstone3D, vtk.js,
// dcmjs, the codecs' glue); its source maps were 32 MB of the 49 MB elements
// package and help no host debug Fovea. This plugin keeps, in each chunk's
// map, only the mappings that point into our sources (`packages/*/src`), drops
// the map and its `//# sourceMappingURL` comment from chunks that hold none of
// our code, and never embeds third-party source text.
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A source file is ours when it is in a workspace package's sources, not in node_modules. */
const isOwn = (/** @type {string} */ path) => !path.includes('/node_modules/') && /\/packages\/[^/]+\/src\//.test(path);

/**
 * `tsSources`: the folder the TypeScript plugin compiles from. Its source paths come out relative to its
 * `outDir`, which is one or two levels deeper in the standalone and render builds than in the package
 * build, so there they miss; such a path is found again under `tsSources` by its part after `src/`.
 * @param {{ tsSources?: string }} [options]
 * @returns {import('rollup').Plugin}
 */
export function ownSourceMaps({ tsSources } = {}) {
  /** @param {string} path */
  const locate = (path) => {
    if (existsSync(path) || !tsSources) return path;
    const m = /\/src\/(.+\.ts)$/.exec(path);
    return m && existsSync(resolve(tsSources, m[1])) ? resolve(tsSources, m[1]) : path;
  };
  return {
    name: 'fovea-own-source-maps',
    generateBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.map) continue;
        const mapFile = `${chunk.fileName}.map`;
        const asset = bundle[mapFile];
        if (!asset || asset.type !== 'asset') continue;
        const map = chunk.map;
        // Sources are relative to the map's folder.
        const from = dirname(resolve(options.dir ?? '.', chunk.fileName));
        /** @type {Map<number, number>} old source index -> new */
        const keep = new Map();
        /** @type {string[]} */
        const paths = map.sources.map((source) => locate(resolve(from, source)));
        paths.forEach((path, i) => {
          if (isOwn(path)) keep.set(i, keep.size);
        });
        if (keep.size === 0) {
          delete bundle[mapFile];
          chunk.code = chunk.code.replace(/\n?\/\/# sourceMappingURL=[^\n]*\s*$/, '\n');
          continue;
        }
        /** @type {Map<number, number>} old name index -> new */
        const names = new Map();
        const lines = decode(map.mappings).map((line) =>
          line.flatMap((segment) => {
            if (segment.length === 1) return [];
            const source = keep.get(segment[1]);
            if (source === undefined) return [];
            if (segment.length === 4) return [[segment[0], source, segment[2], segment[3]]];
            if (!names.has(segment[4])) names.set(segment[4], names.size);
            return [[segment[0], source, segment[2], segment[3], /** @type {number} */ (names.get(segment[4]))]];
          }),
        );
        const kept = [...keep.keys()];
        asset.source = JSON.stringify({
          version: 3,
          file: map.file,
          sources: kept.map((i) => relative(from, paths[i])),
          sourcesContent: kept.map((i) => map.sourcesContent?.[i] ?? null),
          names: [...names.keys()].map((i) => map.names[i]),
          mappings: encode(/** @type {import('@jridgewell/sourcemap-codec').SourceMapMappings} */ (lines)),
        });
      }
    },
  };
}
