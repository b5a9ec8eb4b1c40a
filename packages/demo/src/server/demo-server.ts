/**
 * The demo: a mock EHR patient chart with a Fovea image panel.
 *
 * DEVELOPMENT TOOL, NOT FOR PRODUCTION. It serves the standalone bundle, the
 * demo page and, under /dicom-web, either the embedded read-only development
 * DICOMweb server over the bundled sample studies or (with FOVEA_DICOMWEB set)
 * a same-origin proxy to a real server such as Orthanc.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { proxyRequest } from './proxy.mjs';
import { createDevDicomWebServer } from '../dev-dicomweb/index.js';
import { serveStatic } from './static.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** Where the demo gets its settings. */
export interface DemoOptions {
  port: number;
  host?: string;
  /** Folder of sample DICOM files for the embedded server. */
  samplesDir: string;
  /** A real DICOMweb root to proxy to instead of the embedded server. */
  upstream?: string | undefined;
}

/** Starts the demo server; resolves once it listens. */
export async function startDemoServer(
  options: DemoOptions,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const embedded = options.upstream ? undefined : await createDevDicomWebServer({ dir: options.samplesDir });
  const pageDir = `${here}../../page`;
  const bundleDir = `${repo}packages/elements/dist/standalone`;
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/dicom-web' || path.startsWith('/dicom-web/')) {
        if (options.upstream) return proxyRequest(req, res, { prefix: '/dicom-web', target: options.upstream });
        return embedded!.handle(req, res, path.slice('/dicom-web'.length) || '/');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (await serveStatic(req, res, '/fovea/', bundleDir)) return;
      // IHE IID launch URLs open the chart page, which reads and strips the parameters.
      if (path === '/iid') req.url = '/index.html';
      if (await serveStatic(req, res, '/', pageDir)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        void embedded?.close();
      }),
  };
}
