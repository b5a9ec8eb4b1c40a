// Storybook for Fovea's elements (web components on Vite).
//
// Real images without a PACS: in `npm run storybook` the demo's read-only
// development DICOMweb server answers under /dicom-web as Vite middleware. The
// static build (`npm run build-storybook`) has no server, so snapshot.ts records
// the DICOMweb answers the stories need into .cache/storybook/dicomweb-snapshot,
// served as static files and replayed by the stories' client (stories/support).
import type { StorybookConfig } from '@storybook/web-components-vite';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { mergeConfig, type Plugin } from 'vite';
import { root, sampleSeries, samplesDir, snapshotDir, snapshotUrlPath } from './samples.ts';

interface DevDicomWeb {
  handle(req: IncomingMessage, res: ServerResponse, pathUnderRoot?: string): Promise<void>;
}

const VIRTUAL = 'virtual:fovea-samples';

/** The stories' sample UIDs as a module, and /dicom-web in the dev server. */
function foveaSamples(): Plugin {
  return {
    name: 'fovea-samples',
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load: (id) => (id === `\0${VIRTUAL}` ? `export default ${JSON.stringify(sampleSeries())};` : null),
    configureServer(server) {
      let dev: Promise<DevDicomWeb> | undefined;
      server.middlewares.use('/dicom-web', (req, res, next) => {
        dev ??= server.ssrLoadModule(join(root, 'packages/demo/src/dev-dicomweb/index.ts')).then((m) =>
          (m as { createDevDicomWebServer(o: object): Promise<DevDicomWeb> }).createDevDicomWebServer({
            dir: samplesDir,
          }),
        );
        dev.then((d) => d.handle(req, res, req.url ?? '/')).catch(next);
      });
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts', '../packages/elements/src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  staticDirs: existsSync(snapshotDir) ? [{ from: snapshotDir, to: snapshotUrlPath }] : [],
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [foveaSamples()],
      // Run @fovea-dicom/core (its `fovea-source` condition) and the elements the stories import by
      // name from their TypeScript sources: no build needed first.
      resolve: {
        conditions: ['fovea-source', 'browser', 'module', 'import', 'default'],
        alias: [
          { find: /^@fovea-dicom\/elements$/, replacement: join(root, 'packages/elements/src/index.ts') },
          {
            find: /^@fovea-dicom\/elements\/(fovea-[a-z-]+)\.js$/,
            replacement: join(root, 'packages/elements/src/$1.ts'),
          },
        ],
      },
      optimizeDeps: {
        include: [
          'dicom-parser',
          '@cornerstonejs/dicom-image-loader > @cornerstonejs/codec-charls',
          '@cornerstonejs/dicom-image-loader > @cornerstonejs/codec-libjpeg-turbo-8bit',
          '@cornerstonejs/dicom-image-loader > @cornerstonejs/codec-openjpeg',
          '@cornerstonejs/dicom-image-loader > @cornerstonejs/codec-openjph',
          '@cornerstonejs/dicom-image-loader > @cornerstonejs/codec-libjxl',
        ],
      },
      build: { chunkSizeWarningLimit: 8192 },
    });
  },
};

export default config;
