import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DicomParseError, DicomWebError, FoveaError } from './errors.js';
import { DecoderBlockedError, ImageError } from './pixels/image-error.js';
import type * as ErrorsModule from './errors.js';
import type * as ImageErrorModule from './pixels/image-error.js';

/** A second copy of the modules, as the rendering stack of @fovea-dicom/elements holds one. */
async function secondCopy() {
  const errors = (await import(`./errors.js?copy=${Math.random()}`)) as typeof ErrorsModule;
  const image = (await import(`./pixels/image-error.js?copy=${Math.random()}`)) as typeof ImageErrorModule;
  assert.notEqual(errors.FoveaError, FoveaError, 'the test needs a distinct copy');
  return { ...errors, ...image };
}

describe('errors across copies of @fovea-dicom/core', () => {
  it('instanceof recognises the class and its bases, whichever copy made the error', async () => {
    const other = await secondCopy();
    const web = new other.DicomWebError('http', {
      method: 'GET',
      url: '/dicom-web/studies',
      status: 503,
      retryable: true,
    });
    assert.ok(web instanceof DicomWebError);
    assert.ok(web instanceof FoveaError);
    assert.ok(web instanceof Error);
    assert.ok(!(web instanceof DicomParseError));
    assert.ok(!(web instanceof ImageError));
    const image = new ImageError('codec', 'bytes the codec rejects');
    assert.ok(image instanceof other.ImageError);
    assert.ok(image instanceof other.FoveaError);
    assert.ok(!(image instanceof other.DicomWebError));
    assert.ok(!(image instanceof other.DecoderBlockedError));
    const blocked = new other.DecoderBlockedError('no wasm here');
    assert.ok(blocked instanceof DecoderBlockedError);
    assert.ok(blocked instanceof ImageError);
    assert.equal(blocked.reason, 'transfer-syntax');
  });

  it('keeps instanceof false for look-alikes and non-objects', () => {
    const fake = Object.assign(new Error('x'), { name: 'DicomWebError', code: 'http' });
    assert.ok(!(fake instanceof DicomWebError));
    assert.ok(!(fake instanceof FoveaError));
    assert.ok(!((null as unknown) instanceof FoveaError));
    assert.ok(!(('DicomWebError' as unknown) instanceof FoveaError));
  });
});
