/**
 * Runs the development DICOMweb server by itself, for manual tries:
 *
 *   npx tsx packages/demo/src/dev-dicomweb/cli.ts --dir .data/samples --port 8042 [--cors]
 *
 * Serves `http://127.0.0.1:PORT/dicom-web` (loopback only). DEVELOPMENT TOOL,
 * NEVER PRODUCTION: no authentication, every file under --dir is served.
 */
import { parseArgs } from 'node:util';
import { startDevDicomWebServer } from './index.js';

const usage = 'usage: cli.ts --dir DIR [--port PORT (default 8042, 0 = any free)] [--cors]';

let values;
try {
  ({ values } = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '8042' },
      cors: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${usage}`);
  process.exit(2);
}
if (values.help || !values.dir) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535\n${usage}`);
  process.exit(2);
}

const running = await startDevDicomWebServer({ dir: values.dir, port, cors: values.cors });
process.stdout.write(`[dev-dicomweb] listening on ${running.url} (loopback only; Ctrl+C stops)\n`);
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
