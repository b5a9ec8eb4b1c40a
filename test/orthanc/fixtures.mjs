// Tiny DICOM fixtures made on the fly with dcmtk's dump2dcm (never committed).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A fresh DICOM UID under the 2.25 (UUID-derived) root. */
export function newUid() {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

/**
 * @typedef {object} TinyStudy
 * @property {string} studyUid
 * @property {string} patientId
 * @property {{ seriesUid: string, instances: { sopUid: string, file: string, seed: number }[] }[]} series
 */

/**
 * Writes `studies` studies of `seriesPerStudy` series of `instancesPerSeries`
 * 8x8 8-bit MONOCHROME2 secondary-capture images (explicit VR little endian)
 * into `dir`. Pixel value at (x, y) is `(x * 8 + y + seed) & 0xff`, so a test
 * can check the bytes of a retrieved frame.
 * @param {string} dir
 * @param {{ studies?: number, seriesPerStudy?: number, instancesPerSeries?: number }} [opts]
 * @returns {Promise<{ files: string[], studies: TinyStudy[] }>}
 */
export async function makeTinyStudies(dir, { studies = 2, seriesPerStudy = 1, instancesPerSeries = 2 } = {}) {
  await mkdir(dir, { recursive: true });
  /** @type {TinyStudy[]} */
  const out = [];
  /** @type {string[]} */
  const files = [];
  let n = 0;
  for (let s = 0; s < studies; s++) {
    const study = { studyUid: newUid(), patientId: `FOVEA-${s + 1}`, series: /** @type {TinyStudy['series']} */ ([]) };
    for (let r = 0; r < seriesPerStudy; r++) {
      const series = {
        seriesUid: newUid(),
        instances: /** @type {{ sopUid: string, file: string, seed: number }[]} */ ([]),
      };
      for (let i = 0; i < instancesPerSeries; i++) {
        const sopUid = newUid();
        const base = join(dir, `img-${++n}`);
        await writeFile(
          `${base}.dump`,
          dump({ study, seriesUid: series.seriesUid, seriesNumber: r + 1, sopUid, instanceNumber: i + 1, seed: n }),
        );
        await run('dump2dcm', ['-q', '+te', `${base}.dump`, `${base}.dcm`]);
        await rm(`${base}.dump`);
        series.instances.push({ sopUid, file: `${base}.dcm`, seed: n });
        files.push(`${base}.dcm`);
      }
      study.series.push(series);
    }
    out.push(study);
  }
  return { files, studies: out };
}

/**
 * A Part 10 file that Orthanc refuses: it has no Study Instance UID.
 * @param {string} file
 */
export async function makeBrokenDicom(file) {
  const sopUid = newUid();
  const text = dump({
    study: { studyUid: 'X', patientId: 'BROKEN' },
    seriesUid: newUid(),
    seriesNumber: 1,
    sopUid,
    instanceNumber: 1,
    seed: 0,
  })
    .split('\n')
    .filter((line) => !line.startsWith('(0020,000d)'))
    .join('\n');
  await writeFile(`${file}.dump`, text);
  await run('dump2dcm', ['-q', '+te', `${file}.dump`, file]);
  await rm(`${file}.dump`);
  return file;
}

/** The expected 64 pixel bytes of fixture number `seed`. @param {number} seed */
export function tinyPixels(seed) {
  const px = Buffer.alloc(64);
  for (let i = 0; i < 64; i++) px[i] = (i + seed) & 0xff;
  return px;
}

/**
 * @param {{ study: { studyUid: string, patientId: string }, seriesUid: string, seriesNumber: number, sopUid: string, instanceNumber: number, seed: number }} p
 */
function dump({ study, seriesUid, seriesNumber, sopUid, instanceNumber, seed }) {
  const hex = [...tinyPixels(seed)].map((b) => b.toString(16).padStart(2, '0')).join('\\');
  return `# Dicom-File-Format
(0002,0001) OB 00\\01
(0002,0002) UI =SecondaryCaptureImageStorage
(0002,0003) UI [${sopUid}]
(0002,0010) UI =LittleEndianExplicit
(0008,0005) CS [ISO_IR 192]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [${sopUid}]
(0008,0020) DA [20240102]
(0008,0030) TM [101500]
(0008,0050) SH [ACC${seed}]
(0008,0060) CS [OT]
(0008,0064) CS [WSD]
(0008,1030) LO [Fovea tiny study]
(0010,0010) PN [Fovea^Test^${study.patientId}]
(0010,0020) LO [${study.patientId}]
(0010,0030) DA [19700101]
(0010,0040) CS [O]
(0020,000d) UI [${study.studyUid}]
(0020,000e) UI [${seriesUid}]
(0020,0010) SH [1]
(0020,0011) IS [${seriesNumber}]
(0020,0013) IS [${instanceNumber}]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 8
(0028,0011) US 8
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB ${hex}
`;
}
