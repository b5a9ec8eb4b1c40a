/** `npm start` ends here: serve the demo until interrupted. */
import { startDemoServer } from './demo-server.js';

const port = Number(process.env.PORT ?? process.env.FOVEA_PORT ?? 8080);
const upstream = process.env.FOVEA_DICOMWEB || undefined;
const samplesDir = process.env.FOVEA_SAMPLES ?? new URL('../../../../.data/samples', import.meta.url).pathname;

const demo = await startDemoServer({ port, samplesDir, upstream });
console.log(`Fovea demo: ${demo.url}`);
console.log(
  upstream
    ? `DICOMweb: proxying /dicom-web to ${upstream}`
    : 'DICOMweb: embedded read-only development server over the sample studies (not for production)',
);
const stop = () => void demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
