// Rewritten copies, read back by dcmtk's dcmdump (an independent reader): the
// reconciled attributes as given with the originals kept, de-identified
// copies with new UIDs that are the same on every run, and everything from
// the Pixel Data element on byte for byte the original's. Needs the corpus.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readHeader } from './header.js';
import { rewriteInstance, RewriteError, targetUids } from './reconcile.js';
import { Instance } from '../model/views.js';

const corpus = new URL('../../../../.data/corpus/', import.meta.url).pathname;
if (!existsSync(join(corpus, 'manifest.json'))) throw new Error('no corpus: run scripts/corpus/make-corpus.sh');
const out = mkdtempSync(join(tmpdir(), 'fovea-rewrite-'));

function firstOf(folder: string): { bytes: Uint8Array; elementOffset: number | undefined; instance: Instance } {
  const dir = join(corpus, folder);
  const name = readdirSync(dir).find((n) => n.endsWith('.dcm'))!;
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  const header = readHeader(bytes, bytes.byteLength);
  assert.equal(header.kind, 'instance');
  if (header.kind !== 'instance') throw new Error('unreachable');
  return { bytes, elementOffset: header.pixelData?.elementOffset, instance: new Instance(header.dataset) };
}

/** dcmdump's line for a tag (`gggg,eeee`), trimmed; dcmdump fails on a file it cannot read. */
function dump(bytes: Uint8Array, tags: string[]): string[] {
  const path = join(out, 'x.dcm');
  writeFileSync(path, bytes);
  const args = tags.flatMap((t) => ['+P', t]);
  return execFileSync('dcmdump', ['-q', ...args, path])
    .toString()
    .trim()
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim());
}

function tail(bytes: Uint8Array, offset: number | undefined): Buffer {
  return Buffer.from(bytes.subarray(offset ?? bytes.byteLength));
}

const patient = {
  patientId: 'H-000123',
  issuerOfPatientId: 'HOSPITAL-A',
  patientName: 'Lokal^Erika',
  patientBirthDate: '19640812',
  patientSex: 'F' as const,
};

for (const folder of [
  'explicit-le/ct',
  'implicit-le/mr',
  'explicit-be/ct',
  'rle/cr',
  'jpeg-baseline/us',
  'j2k-lossless/ct',
  'explicit-le/palette',
]) {
  test(`reconciled copy of ${folder}: attributes as given, originals kept, pixel data byte for byte`, async () => {
    const { bytes, elementOffset, instance } = firstOf(folder);
    const copy = await rewriteInstance(bytes, elementOffset, { patient, accessionNumber: 'LOC-77' });
    const header = readHeader(copy, copy.byteLength);
    assert.equal(header.kind, 'instance');
    if (header.kind !== 'instance') return;
    assert.ok(tail(copy, header.pixelData?.elementOffset).equals(tail(bytes, elementOffset)), 'pixel data unchanged');
    // dcmdump prints a tag wherever it occurs: the original Patient ID follows, from Other Patient IDs Sequence.
    assert.deepEqual(dump(copy, ['0010,0020', '0010,0021', '0010,0010', '0010,0030', '0010,0040', '0008,0050']), [
      '(0010,0020) LO [H-000123]',
      `(0010,0020) LO [${instance.patientId}]`,
      '(0010,0021) LO [HOSPITAL-A]',
      '(0010,0010) PN [Lokal^Erika]',
      '(0010,0030) DA [19640812]',
      '(0010,0040) CS [F]',
      '(0008,0050) SH [LOC-77]',
    ]);
    assert.deepEqual(dump(copy, ['0010,0022']), ['(0010,0022) CS [TEXT]'], 'Type of Patient ID in the item');
    assert.equal(
      header.transferSyntaxUid,
      (readHeader(bytes, bytes.byteLength) as { transferSyntaxUid: string }).transferSyntaxUid,
    );
  });
}

test('de-identified copy: identity gone, UIDs new and the same every time, pixel data unchanged', async () => {
  const { bytes, elementOffset, instance } = firstOf('explicit-le/ct');
  const options = { deidentify: { salt: 'import-1', patientId: 'ANON-0001' } };
  const a = await rewriteInstance(bytes, elementOffset, options);
  const b = await rewriteInstance(bytes, elementOffset, options);
  assert.ok(Buffer.from(a).equals(Buffer.from(b)), 'the same copy every time (resume needs it)');
  const header = readHeader(a, a.byteLength);
  if (header.kind !== 'instance') throw new Error(`not an instance: ${header.kind}`);
  const copy = new Instance(header.dataset);
  const target = await targetUids(instance, options);
  assert.equal(copy.sopInstanceUid, target.sopInstanceUid);
  assert.equal(copy.studyInstanceUid, target.studyInstanceUid);
  assert.notEqual(copy.sopInstanceUid, instance.sopInstanceUid);
  assert.match(copy.sopInstanceUid, /^2\.25\.\d+$/);
  assert.equal(copy.sopClassUid, instance.sopClassUid);
  assert.equal(copy.patientId, 'ANON-0001');
  assert.equal(copy.patientBirthDate, undefined);
  assert.equal(copy.accessionNumber, undefined);
  assert.equal(header.dataset['00080080'], undefined, 'institution removed');
  assert.equal(header.dataset['00120062']?.Value?.[0], 'YES');
  assert.deepEqual(dump(a, ['0002,0003']), [`(0002,0003) UI [${target.sopInstanceUid}]`]);
  assert.ok(tail(a, header.pixelData?.elementOffset).equals(tail(bytes, elementOffset)));
});

test('what cannot be rewritten says why: a deflated file', async () => {
  const { bytes, elementOffset } = firstOf('deflate/cr');
  await assert.rejects(
    rewriteInstance(bytes, elementOffset, { patient }),
    (e) => e instanceof RewriteError && e.reason === 'deflated',
  );
});
