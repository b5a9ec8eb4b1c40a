// <fovea-import> in Chromium against the real Orthanc (issue 16): a CD folder
// dropped for real (a drag from the disk, so that the folder arrives as a
// directory entry), a zip and a folder through the file inputs, File objects
// in a DataTransfer, a DICOMDIR; the live summary and the skipped files by
// reason; the preview showing an image from the local files; mixed patients
// confirmed before upload; the upload reconciled to the local patient and read
// back; 413 and a connection cut injected by the client's fetch (on purpose);
// a cancel, then a resume in a new element (a reload) that sends nothing twice.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, type DicomWebClient } from '@fovea-dicom/core';
import type { ImportReport } from '@fovea-dicom/core/local';
import '@fovea-dicom/elements';
import type { FoveaImport, FoveaImportCompleteEvent, FoveaViewer, ImportScanDetail } from '@fovea-dicom/elements';
import { clearFaults, faultLog, setFaults } from '../helpers/faults.js';
import { until } from '../helpers/wait.js';

interface Answer {
  executed: boolean;
  result?: unknown;
}

/** Runs a test-runner command and answers its result. */
async function run<T>(command: string, payload?: unknown): Promise<T> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(socket)) as {
    sendMessageWaitForResponse: (m: unknown) => Promise<Answer>;
  };
  const answer = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!answer.executed) throw new Error(`${command} not available`);
  return answer.result as T;
}

const { root } = await run<{ root: string }>('fovea-import-media');
const media = (name: string) => `${root}/${name}`;

async function mount(): Promise<FoveaImport> {
  const el = document.createElement('fovea-import');
  el.style.width = '900px';
  el.dicomwebRoot = '/dicom-web';
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const part = (el: FoveaImport, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: FoveaImport, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function scanned(el: FoveaImport): Promise<ImportScanDetail> {
  return new Promise((resolve) => el.addEventListener('fovea-import-scan', (e) => resolve(e.detail), { once: true }));
}

function completed(el: FoveaImport): Promise<ImportReport> {
  return new Promise((resolve) =>
    el.addEventListener('fovea-import-complete', (e: FoveaImportCompleteEvent) => resolve(e.detail.report), {
      once: true,
    }),
  );
}

async function dropPaths(el: FoveaImport, paths: string[]): Promise<ImportScanDetail> {
  const zone = part(el, 'drop-zone')!;
  zone.scrollIntoView();
  const r = zone.getBoundingClientRect();
  const found = scanned(el);
  await run('fovea-drop-files', { paths, x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) });
  return found;
}

/** Deletes studies from Orthanc (its REST API through the test server), so that the corpus stays as it was. */
async function removeStudies(uids: Iterable<string>): Promise<void> {
  for (const uid of uids) {
    const found = (await (await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: uid })).json()) as {
      ID: string;
      Type: string;
    }[];
    for (const hit of found.filter((h) => h.Type === 'Study')) {
      await fetch(`/__fovea/orthanc/studies/${hit.ID}`, { method: 'DELETE' });
    }
  }
}

const escaped: unknown[] = [];
window.addEventListener('unhandledrejection', (e) => escaped.push(e.reason));

afterEach(() => {
  for (const el of document.querySelectorAll('fovea-import')) el.remove();
  expect(escaped, 'unhandled rejections').to.deep.equal([]);
});

describe('<fovea-import>: opening local files', () => {
  it('a CD folder dropped from the disk: summary, skipped files by reason, preview of an image, axe', async () => {
    await fetch('/__fovea/requests', { method: 'DELETE' });
    const el = await mount();
    const found = await dropPaths(el, [media('cd')]);
    expect(found.instances).to.equal(18);
    expect(found.patients).to.equal(1);
    expect(found.studies).to.have.length(1);
    expect(found.series).to.equal(3);
    expect(found.skipped.map((s) => `${s.reason}:${s.count}`).sort()).to.deep.equal(['not-dicom:1', 'truncated:1']);
    expect(text(el, 'summary')).to.contain('1 patient(s), 1 study(ies), 3 series, 18 image(s)');
    expect(text(el, 'summary')).to.contain('2 file(s) skipped: 1 not DICOM, 1 incomplete');
    expect(text(el, 'summary')).not.to.match(/DICOM\/|README|CUT|FOVEA-/, 'no path or patient data in the summary');
    const viewer = el.shadowRoot!.querySelector<FoveaViewer>('fovea-viewer')!;
    await until(
      'the preview shows an image from the local files',
      () => {
        const [vp] = viewer.viewports;
        return !!vp && vp.imageIndex >= 0 && !!vp.getAttribute('aria-label')?.startsWith('Image');
      },
      60_000,
    );
    const values = viewer.viewports[0]!.pixelValues();
    expect(values, 'pixel values of the preview').to.not.equal(undefined);
    const requested = (await (await fetch('/__fovea/requests')).json()) as string[];
    expect(
      requested.some((p) => /header-worker/.test(p)),
      'headers were read in the worker',
    ).to.equal(true);
    expect(
      requested.some((p) => p.startsWith('/dicom-web')),
      'the preview asked no server',
    ).to.equal(false);
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('a zip through the file picker, a folder through the folder input, a DICOMDIR', async () => {
    const el = await mount();
    let found = scanned(el);
    await run('fovea-set-input-files', {
      expression: `document.querySelector('fovea-import').shadowRoot.querySelector('input[type=file]:not([webkitdirectory])')`,
      paths: [media('cd.zip')],
    });
    expect((await found).instances).to.equal(18);
    el.clear();
    found = scanned(el);
    await run('fovea-set-input-files', {
      expression: `document.querySelector('fovea-import').shadowRoot.querySelector('input[webkitdirectory]')`,
      paths: [media('dicomdir')],
    });
    const dicomdir = await found;
    expect(dicomdir.instances).to.equal(6);
    expect(dicomdir.skipped).to.deep.equal([]);
  });

  it('a File System Access directory handle (the origin private file system, a real FileSystemDirectoryHandle)', async () => {
    // showDirectoryPicker needs a person's gesture and a dialog; the handle it gives is the same API as this one.
    const opfs = await navigator.storage.getDirectory();
    const folder = await opfs.getDirectoryHandle('fovea-cd', { create: true });
    const series = await folder.getDirectoryHandle('SERIES1', { create: true });
    const manifest = (await (await fetch('/__fovea/corpus-manifest.json')).json()) as {
      files: { path: string; syntax: string; phantom: string }[];
    };
    const picked = manifest.files.filter((x) => x.syntax === 'jpegls-lossless' && x.phantom === 'ct').slice(0, 4);
    for (const [i, f] of picked.entries()) {
      const writable = await (await series.getFileHandle(`IM${i}`, { create: true })).createWritable();
      await writable.write(await (await fetch(`/.data/corpus/${f.path}`)).blob());
      await writable.close();
    }
    const { filesFromDirectoryHandle } = await import('@fovea-dicom/core/local');
    const files = await filesFromDirectoryHandle(folder as unknown as Parameters<typeof filesFromDirectoryHandle>[0]);
    expect(files.map((f) => f.path).sort()).to.deep.equal([
      'fovea-cd/SERIES1/IM0',
      'fovea-cd/SERIES1/IM1',
      'fovea-cd/SERIES1/IM2',
      'fovea-cd/SERIES1/IM3',
    ]);
    const el = await mount();
    const found = scanned(el);
    await el.addFiles(files);
    expect((await found).instances).to.equal(4);
    await opfs.removeEntry('fovea-cd', { recursive: true });
  });

  it('File objects in a DataTransfer (a synthetic drop), with a file that is not DICOM', async () => {
    const el = await mount();
    const transfer = new DataTransfer();
    const manifest = (await (await fetch('/__fovea/corpus-manifest.json')).json()) as {
      files: { path: string; syntax: string; phantom: string }[];
    };
    for (const f of manifest.files.filter((x) => x.syntax === 'explicit-le' && x.phantom === 'mr').slice(0, 3)) {
      const blob = await (await fetch(`/.data/corpus/${f.path}`)).blob();
      transfer.items.add(new File([blob], f.path.split('/').pop()!));
    }
    transfer.items.add(new File(['not an image'], 'notes.txt'));
    const found = scanned(el);
    part(el, 'drop-zone')!.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    const detail = await found;
    expect(detail.instances).to.equal(3);
    expect(detail.skipped).to.deep.equal([{ reason: 'not-dicom', count: 1 }]);
  });
});

describe('<fovea-import>: a folder that cannot be walked', () => {
  it('ends in a fovea-error, with no unhandled rejection, and the element takes files again', async () => {
    const el = await mount();
    const errors: string[] = [];
    el.addEventListener('fovea-error', (e) => errors.push(e.detail.code));
    await el.addFiles(
      Promise.reject(new DOMException('A requested file or directory could not be found', 'NotFoundError')),
    );
    expect(errors).to.deep.equal(['unknown']);
    expect(el.status).to.equal('empty');
    const found = await dropPaths(el, [media('dicomdir')]);
    expect(found.instances).to.equal(6);
  });
});

describe('<fovea-import>: uploading', () => {
  it('mixed patients must be confirmed; the upload is reconciled and reads back equal', async () => {
    const el = await mount();
    const found = await dropPaths(el, [media('mixed')]);
    expect(found.patients).to.equal(2);
    const upload = () =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="upload"] button')].find((b) =>
        b.textContent?.includes('Upload'),
      )!;
    expect(part(el, 'warning')?.getAttribute('role')).to.equal('alert');
    expect(upload().disabled, 'upload waits for the confirmation').to.equal(true);
    el.patient = { patientId: 'H-4711', issuerOfPatientId: 'HOSP', patientName: 'Lokal^Erika', patientSex: 'F' };
    el.accessionNumber = 'LOC-1';
    part(el, 'warning')!.querySelector('input')!.click();
    await el.updateComplete;
    expect(upload().disabled).to.equal(false);
    const done = completed(el);
    upload().click();
    const report = await done;
    const studies = new Set(report.instances.map((i) => i.studyInstanceUid));
    try {
      expect(report.counts.stored).to.equal(8);
      expect(report.counts.failed).to.equal(0);
      expect(report.reconciled).to.equal(true);
      expect(text(el, 'result')).to.contain('8 image(s) stored');
      const archive = createDicomWebClient({ root: '/dicom-web' });
      for (const record of el.source.instances) {
        const ref = record.instance;
        const [local] = await el.source.retrieveFrames(ref, [1]);
        const [back] = await archive.retrieveFrames(ref, [1]);
        expect(back!.bytes, 'pixel data read back').to.deep.equal(local!.bytes);
        const meta = await archive.retrieveInstanceMetadata(ref);
        expect([meta.patientId, meta.accessionNumber, meta.patientSex]).to.deep.equal(['H-4711', 'LOC-1', 'F']);
      }
    } finally {
      await removeStudies(studies);
    }
  });

  it('413 and a cut connection on the way: every instance arrives once, the report is exact', async () => {
    const el = await mount();
    await dropPaths(el, [media('cd')]);
    const uids = el.source.instances.map((r) => r.instance.sopInstanceUid);
    const sends = new Map<string, number>();
    let cut = false;
    let refused = 0;
    // The client's fetch plays a proxy with a body limit and a connection that drops once (on purpose).
    const client: DicomWebClient = createDicomWebClient({
      root: '/dicom-web',
      fetch: async (input, init) => {
        if (init?.method !== 'POST') return fetch(input, init);
        const body = init.body as Blob;
        if (body.size > 2.5 * 1024 * 1024) {
          refused++;
          return new Response('too large', { status: 413 });
        }
        const response = await fetch(input, init);
        const seen = new TextDecoder('latin1').decode(await body.arrayBuffer());
        for (const uid of uids)
          if (seen.includes(`${uid}\0`) || seen.includes(uid)) sends.set(uid, (sends.get(uid) ?? 0) + 1);
        if (!cut) {
          cut = true;
          throw new TypeError('Failed to fetch');
        }
        return response;
      },
    });
    el.client = client;
    el.maxBatchBytes = 8 * 1024 * 1024;
    const done = completed(el);
    await el.upload();
    const report = await done;
    try {
      expect(refused, 'requests refused as too large').to.be.greaterThan(0);
      expect(cut).to.equal(true);
      expect(report.counts.stored + report.counts['stored-with-warning']).to.equal(18);
      expect(report.counts.failed).to.equal(0);
      expect(
        [...sends.values()].every((n) => n === 1),
        'each instance reached the server once',
      ).to.equal(true);
      expect(sends.size).to.equal(18);
    } finally {
      await removeStudies(new Set(report.instances.map((i) => i.studyInstanceUid)));
    }
  });

  it('an archive that cannot be reached: nothing sent, every image reported, one fovea-error without a path', async () => {
    const el = await mount();
    await dropPaths(el, [media('cd')]);
    // The client's fetch fails as a dead network would (a fault injected on purpose).
    el.client = createDicomWebClient({
      root: '/dicom-web',
      retry: { retries: 0 },
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const errors: string[] = [];
    el.addEventListener('fovea-error', (e) => errors.push(`${e.detail.code}: ${e.detail.message}`));
    const done = completed(el);
    await el.upload();
    const report = await done;
    expect(report.counts.failed).to.equal(18);
    expect(report.instances.every((i) => i.failure === 'network' && i.attempts === 0)).to.equal(true);
    expect(errors).to.deep.equal(['network: The image server cannot be reached.']);
    expect(text(el, 'result')).to.contain(
      '18 image(s) could not be stored: 18 not sent: the archive could not be reached',
    );
    expect(text(el, 'result')).not.to.match(/DICOM\/|IM0|FOVEA-|\d+\.\d+\.\d+/, 'no path, patient data or UID');
  });

  it('through the fault proxy: two 413s, then an answer cut after the archive stored the request', async () => {
    const el = await mount();
    await dropPaths(el, [media('cd')]);
    const uids = el.source.instances.map((r) => r.instance.sopInstanceUid);
    // What each POST carried, in order (one request at a time, so the proxy's log lines up with it).
    const carried: string[][] = [];
    el.client = createDicomWebClient({
      root: '/dicom-web',
      fetch: async (input, init) => {
        if (init?.method === 'POST') {
          const body = new TextDecoder('latin1').decode(await (init.body as Blob).arrayBuffer());
          carried.push(uids.filter((uid) => body.includes(uid)));
        }
        return fetch(input, init);
      },
    });
    el.concurrency = 1;
    await clearFaults();
    await setFaults([
      { id: 'too-large', path: '^/studies$', method: 'POST', status: 413, times: 2, body: 'Request Entity Too Large' },
      { id: 'cut', path: '^/studies$', method: 'POST', after: 1, times: 1, truncateAt: 0.5, truncateMode: 'reset' },
    ]);
    const done = completed(el);
    try {
      await el.upload();
      const report = await done;
      const posts = (await faultLog()).log.filter((e) => e.method === 'POST');
      expect(
        posts.map((p) => p.rule),
        JSON.stringify([posts, report.counts]),
      ).to.include.members(['too-large', 'cut']);
      expect(posts).to.have.length(carried.length);
      // What reached Orthanc: every request the proxy did not answer 413 itself.
      const reached = posts.flatMap((p, i) => (p.rule === 'too-large' ? [] : carried[i]!));
      expect([...reached].sort(), 'each image reached the archive exactly once').to.deep.equal([...uids].sort());
      expect(report.counts.stored).to.equal(18);
      expect(report.counts.failed).to.equal(0);
      // The images of the cut request: stored (the archive said so when asked), and no request after it carried them.
      const cutAt = posts.findIndex((p) => p.rule === 'cut');
      for (const uid of carried[cutAt]!) {
        const outcome = report.instances.find((i) => i.sopInstanceUid === uid)!;
        expect(outcome.outcome).to.equal('stored');
        expect(
          carried.slice(cutAt + 1).some((c) => c.includes(uid)),
          'sent again after the cut',
        ).to.equal(false);
        expect(outcome.attempts, 'requests that carried it').to.equal(carried.filter((c) => c.includes(uid)).length);
      }
    } finally {
      await clearFaults();
      await removeStudies(new Set(el.source.instances.map((r) => r.instance.studyInstanceUid)));
    }
  });

  it('a cancel, then a reload: the new page sends only what is missing', async () => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('fovea-import:')) localStorage.removeItem(key);
    const el = await mount();
    await dropPaths(el, [media('cd')]);
    el.concurrency = 1;
    el.maxBatchBytes = 2 * 1024 * 1024;
    let first = 0;
    el.addEventListener('fovea-import-progress', (e) => {
      first = e.detail.done;
      if (e.detail.done >= 4) el.cancel();
    });
    const cancelled = completed(el);
    void el.upload();
    const partial = await cancelled;
    expect(partial.cancelled).to.equal(true);
    expect(partial.counts.cancelled).to.be.greaterThan(0);
    expect(text(el, 'result')).to.contain('Upload cancelled');
    el.remove();

    // A new element, as after a reload: the same files, the journal in localStorage, the archive's own answer.
    const again = await mount();
    await dropPaths(again, [media('cd')]);
    const done = completed(again);
    await again.upload();
    const report = await done;
    try {
      const sentBefore = partial.counts.stored;
      expect(first).to.be.greaterThanOrEqual(4);
      expect(report.counts['already-stored']).to.equal(sentBefore);
      expect(report.counts.stored).to.equal(18 - sentBefore);
      expect(report.existingStudies).to.have.length(1);
      expect(text(again, 'result')).to.contain('1 study(ies) already existed in the archive');
    } finally {
      await removeStudies(new Set(report.instances.map((i) => i.studyInstanceUid)));
    }
  });
});
