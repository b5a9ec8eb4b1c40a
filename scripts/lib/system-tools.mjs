// The Debian packages the tests need, installed when missing (as root on
// Debian), else an exact message of what to install.
import { ensureDebianPackages } from './apt.mjs';

const TOOLS = {
  chromium: [{ bin: '/usr/bin/chromium', pkg: 'chromium' }],
  dcmtk: [{ bin: 'dump2dcm', pkg: 'dcmtk' }],
  gdcm: [{ bin: 'gdcmconv', pkg: 'libgdcm-tools' }],
  orthanc: [
    { bin: '/usr/sbin/Orthanc', pkg: 'orthanc' },
    { bin: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so', pkg: 'orthanc-dicomweb' },
    { bin: '/usr/share/orthanc/plugins/libOrthancGdcm.so', pkg: 'orthanc-gdcm' },
  ],
};

/** @param {(keyof typeof TOOLS)[]} names */
export async function ensureSystemTools(names) {
  await ensureDebianPackages(names.flatMap((n) => TOOLS[n]));
}
