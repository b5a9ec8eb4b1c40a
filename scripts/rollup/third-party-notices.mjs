// Rollup plugin: THIRD-PARTY-NOTICES.txt for what a build bundles, generated
// from the bundled packages' own metadata and licence files.
//
// rollup-plugin-license finds the package of every module rendered into a
// chunk. Files copied as assets (the codecs' .wasm) are not modules: the
// plugin that emits them reports their paths through `assetFiles()`, and
// their packages are added here. A package that ships no licence file gets the
// standard text of its declared SPDX licence (spdx-license-list), marked as
// such. A bundled package without a licence fails the build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import license from 'rollup-plugin-license';
import spdx from 'spdx-license-list/full.js';

/**
 * @typedef {{ name: string, version: string, license?: string | null, licenseText?: string | null,
 *   noticeText?: string | null, repository?: string | { url?: string } | null, homepage?: string | null }} Dependency
 */

/** The nearest package.json above `file` that names a package. @param {string} file */
function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8'));
    if (pkg.name && pkg.version) return { dir, pkg };
  }
  throw new Error(`no package.json with a name above ${file}`);
}

/** The text of a file named LICENSE / LICENCE / NOTICE (any case, any extension) in `dir`. @param {string} dir @param {RegExp} re */
function readNamed(dir, re) {
  const name = readdirSync(dir).find((n) => re.test(n));
  return name ? readFileSync(join(dir, name), 'utf8') : null;
}

/** @param {string} file @returns {Dependency} */
function dependencyOfFile(file) {
  const { dir, pkg } = packageOf(file);
  return {
    name: pkg.name,
    version: pkg.version,
    license: typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? null),
    licenseText: readNamed(dir, /^licen[cs]e(\.|$)/i),
    noticeText: readNamed(dir, /^notice(\.|$)/i),
    repository: pkg.repository ?? null,
    homepage: pkg.homepage ?? null,
  };
}

/** @param {Dependency} dep */
function repositoryUrl(dep) {
  const repo = typeof dep.repository === 'string' ? dep.repository : dep.repository?.url;
  return (repo ?? dep.homepage ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The licence text to print for `dep`, or an error message. @param {Dependency} dep */
function licenceText(dep) {
  if (dep.licenseText?.trim()) return { text: dep.licenseText.trim() };
  const id = dep.license ?? '';
  const known = spdx[id];
  if (!known)
    return { error: `${dep.name}@${dep.version} has no licence file and no SPDX licence id (${id || 'none'})` };
  // The SPDX template's own example copyright lines (ISC's name ISC) are not this package's.
  const body = known.licenseText
    .split('\n')
    .filter((line) => !/^\s*Copyright\b/.test(line))
    .join('\n')
    .trim();
  return {
    text: `(${dep.name} ships no licence file; its package.json declares ${id}. The standard ${id} text follows, from the SPDX licence list; the copyright holders are the authors of ${repositoryUrl(dep) || dep.name}.)\n\n${body}`,
  };
}

const RULE = '='.repeat(80);

/**
 * @param {{ file: string, cwd: string, title: string, assetFiles?: () => Iterable<string> }} options
 *   file: where to write; cwd: the package being built (its own modules are not third-party);
 *   title: the first line; assetFiles: files copied into the output as assets.
 * @returns {import('rollup').Plugin}
 */
export function thirdPartyNotices({ file, cwd, title, assetFiles = () => [] }) {
  return license({
    cwd,
    thirdParty: {
      includePrivate: false,
      // Two versions of one package (gl-matrix 3.4.3 and 3.4.4) are listed apart.
      multipleVersions: true,
      output: {
        file,
        template(/** @type {Dependency[]} */ found) {
          /** @type {Map<string, Dependency>} */
          const byName = new Map();
          for (const dep of [...found, ...[...assetFiles()].map(dependencyOfFile)]) {
            // Our own packages are under the package's LICENSE.
            if (dep.name.startsWith('@fovea-dicom/')) continue;
            const key = `${dep.name}@${dep.version}`;
            if (!byName.has(key)) byName.set(key, dep);
          }
          const deps = [...byName.values()].sort(
            (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
          );
          const errors = [];
          const sections = deps.map((dep) => {
            const { text, error } = licenceText(dep);
            if (error) errors.push(error);
            return [
              RULE,
              `${dep.name} ${dep.version}`,
              `Licence: ${dep.license ?? 'unknown'}`,
              repositoryUrl(dep) ? `Source: ${repositoryUrl(dep)}` : '',
              '',
              text ?? '',
              dep.noticeText?.trim() ? `\nNOTICE:\n${dep.noticeText.trim()}` : '',
            ]
              .filter((line, i) => line !== '' || i === 4)
              .join('\n');
          });
          if (errors.length) throw new Error(`third-party notices: ${errors.join('; ')}`);
          return [
            title,
            '',
            `Generated at build time (rollup-plugin-license) from the bundled packages' own metadata and licence`,
            `files. ${deps.length} packages:`,
            '',
            ...deps.map((d) => `  ${d.name} ${d.version} (${d.license ?? 'unknown'})`),
            '',
            ...sections,
            '',
          ].join('\n');
        },
      },
    },
  });
}
