import { expect } from '@open-wc/testing';
import { DecoderBlockedError, ImageError } from '@fovea-dicom/core';
import { errorDetail } from './errors.js';
import { defaultMessages } from './default-messages.js';

describe('fovea-error details', () => {
  it("says the page's policy blocks a decoder, not that the format is unsupported", () => {
    const detail = errorDetail(new DecoderBlockedError('the HTJ2K decoder is WebAssembly only'), defaultMessages);
    expect(detail.code).to.equal('decode');
    expect(detail.reason).to.equal('transfer-syntax');
    expect(detail.message).to.equal(defaultMessages['error.decode.blocked']);
    expect(detail.message).to.contain("'wasm-unsafe-eval'");
    const unsupported = errorDetail(new ImageError('transfer-syntax', 'no decoder'), defaultMessages);
    expect(unsupported.message).to.equal(defaultMessages['error.decode.transfer-syntax']);
  });
});
