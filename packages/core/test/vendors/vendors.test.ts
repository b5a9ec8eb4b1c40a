// Vendor quirk tests: the real client against a fetch stub that replays the
// documented answers of dcm4chee-arc-light, Google Cloud Healthcare API, Azure
// DICOM service v2 and AWS HealthImaging. The stub checks every request it
// receives (path, query, Accept, Authorization) against the script.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DicomWebError,
  createDicomWebClient,
  iidToQueries,
  parseIidRequest,
  type DicomWebClient,
  type DicomWebClientOptions,
} from '@fovea-dicom/core';
import {
  AWS_BEARER,
  AWS_EXCHANGES,
  AWS_INSTANCE,
  AWS_ROOT,
  awsFramesAnySyntaxRefused,
  awsFramesExplicitLE,
  awsThrottled,
} from './aws.js';
import {
  AZURE_EXCHANGES,
  AZURE_INSTANCE,
  AZURE_MAX_LIMIT,
  AZURE_ROOT,
  azureFramesAsStored,
  azureIssuerNotSearchable,
  azureLimitTooLarge,
  azureRenderedInstance,
  azureSeriesMetadata,
  azureStudyPage,
  azureThumbnailMissing,
} from './azure.js';
import {
  DCM4CHEE_EXCHANGES,
  DCM4CHEE_INSTANCE,
  DCM4CHEE_ROOT,
  dcm4cheeEmptySearch,
  dcm4cheeFramesAsStored,
} from './dcm4chee.js';
import { ACCEPT, JPEG_STUB, frameBytes, type ExpectedRequest, type RecordedResponse } from './exchange.js';
import {
  GOOGLE_EXCHANGES,
  GOOGLE_INSTANCE,
  GOOGLE_ROOT,
  GOOGLE_STUDY_SEARCH_CAP,
  googleFramesAsStored,
  googleQuotaExceeded,
  googleRenderedInstance,
  googleSearchAfterQuota,
  googleSeriesRenderedMissing,
  googleStudyPage,
  googleThumbnailMissing,
} from './google.js';

interface Step {
  request: ExpectedRequest;
  response: RecordedResponse;
}

/**
 * Runs `call` on a client whose fetch replays `steps` in order, then checks
 * that every request matched its step and that the script was used up.
 */
async function replay<T>(
  root: string,
  steps: readonly Step[],
  call: (client: DicomWebClient) => Promise<T>,
  options: Partial<DicomWebClientOptions> = {},
): Promise<{ value?: T; error?: unknown }> {
  const problems: string[] = [];
  let next = 0;
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const step = steps[next++];
    const where = `request ${next}`;
    if (!step) {
      problems.push(`${where}: unexpected ${href}`);
      return new Response(null, { status: 599 });
    }
    if (!href.startsWith(`${root}/`)) problems.push(`${where}: ${href} is outside ${root}`);
    const url = new URL(href);
    const path = href.slice(root.length + 1).split('?')[0];
    const headers = new Headers(init?.headers);
    const check = (what: string, actual: unknown, expected: unknown) => {
      try {
        assert.deepEqual(actual, expected);
      } catch {
        problems.push(`${where} ${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
      }
    };
    check('path', path, step.request.path);
    check('query', Object.fromEntries(url.searchParams), step.request.query ?? {});
    if (step.request.accept !== undefined) check('Accept', headers.get('accept'), step.request.accept);
    if (step.request.authorization !== undefined)
      check('Authorization', headers.get('authorization'), step.request.authorization);
    const { status, headers: responseHeaders, body } = step.response;
    return new Response(status === 204 || body === undefined ? null : (body as BodyInit), {
      status,
      headers: responseHeaders,
    });
  };
  const client = createDicomWebClient({ root, fetch: fetchStub, retry: { baseDelayMs: 1 }, ...options });
  const outcome: { value?: T; error?: unknown } = {};
  try {
    outcome.value = await call(client);
  } catch (error) {
    outcome.error = error;
  }
  assert.deepEqual(problems, [], 'requests matched the script');
  assert.equal(next, steps.length, 'every scripted answer was requested');
  return outcome;
}

/** {@link replay} for a call that must succeed: its value, or the error it threw. */
async function succeeds<T>(...args: Parameters<typeof replay<T>>): Promise<T> {
  const outcome = await replay(...args);
  if ('error' in outcome) throw outcome.error;
  return outcome.value as T;
}

/** {@link replay} for a call that must fail: the error. */
async function fails(...args: Parameters<typeof replay<unknown>>): Promise<unknown> {
  const outcome = await replay(...args);
  assert.ok('error' in outcome, 'the call failed');
  return outcome.error;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const studyPageStep = (page: (offset: number, limit: number) => RecordedResponse, offset: number, limit: number) => ({
  request: { path: 'studies', query: { limit: String(limit), offset: String(offset) }, accept: ACCEPT.json },
  response: page(offset, limit),
});

describe('vendor fixtures', () => {
  it('each names the documented behaviour and its source', () => {
    for (const exchange of [...DCM4CHEE_EXCHANGES, ...GOOGLE_EXCHANGES, ...AZURE_EXCHANGES, ...AWS_EXCHANGES]) {
      assert.ok(exchange.quirk.length > 5, exchange.quirk);
      assert.match(exchange.source, /^https:\/\/\S+$/, exchange.quirk);
    }
  });
});

describe('dcm4chee-arc-light', () => {
  it('reads a 204 search answer as no studies', async () => {
    const value = await succeeds(DCM4CHEE_ROOT, [dcm4cheeEmptySearch], (c) =>
      c.searchStudies({ PatientID: 'NO-SUCH-PATIENT' }),
    );
    assert.deepEqual(value, []);
  });

  it('parses frames with a quoted boundary and the transfer syntax of each part header', async () => {
    const frames = await succeeds(DCM4CHEE_ROOT, [dcm4cheeFramesAsStored], (c) =>
      c.retrieveFrames(DCM4CHEE_INSTANCE, [1, 2]),
    );
    assert.deepEqual(
      frames.map((f) => [f.frame, f.transferSyntaxUid, f.bytes]),
      [
        [1, '1.2.840.10008.1.2.4.70', frameBytes('JPLL-1')],
        [2, '1.2.840.10008.1.2.4.70', frameBytes('JPLL-2')],
      ],
    );
  });
});

describe('Google Cloud Healthcare API', () => {
  const seriesPath = `studies/${GOOGLE_INSTANCE.studyInstanceUid}/series/${GOOGLE_INSTANCE.seriesInstanceUid}`;

  it('gets frames as stored with transfer-syntax=*', async () => {
    const value = await succeeds(GOOGLE_ROOT, [googleFramesAsStored], (c) => c.retrieveFrames(GOOGLE_INSTANCE, [1]));
    assert.equal(value[0]?.transferSyntaxUid, '1.2.840.10008.1.2.4.90');
    assert.deepEqual(value[0]?.bytes, frameBytes('J2K-1'));
  });

  it('retries a 429 without Retry-After with backoff, then succeeds', async () => {
    const value = await succeeds(GOOGLE_ROOT, [googleQuotaExceeded, googleQuotaExceeded, googleSearchAfterQuota], (c) =>
      c.searchStudies({ PatientID: 'GCP-1' }),
    );
    assert.deepEqual(
      value.map((s) => s.studyInstanceUid),
      [GOOGLE_INSTANCE.studyInstanceUid],
    );
  });

  it('reports a lasting quota error as a retryable DicomWebError without query values', async () => {
    const error = await fails(
      GOOGLE_ROOT,
      [googleQuotaExceeded, googleQuotaExceeded, googleQuotaExceeded],
      (c) => c.searchStudies({ PatientID: 'GCP-1' }),
      { retry: { retries: 2, baseDelayMs: 1 } },
    );
    assert.ok(error instanceof DicomWebError);
    assert.equal(error.status, 429);
    assert.equal(error.retryable, true);
    assert.doesNotMatch(error.message, /GCP-1/);
  });

  it('falls back from the missing thumbnail to the rendered instance', async () => {
    const value = await succeeds(GOOGLE_ROOT, [googleThumbnailMissing, googleRenderedInstance], (c) =>
      c.retrieveThumbnail(GOOGLE_INSTANCE),
    );
    assert.equal(value.type, 'image/jpeg');
    assert.deepEqual(new Uint8Array(await value.arrayBuffer()), JPEG_STUB);
  });

  it('renders the middle instance when neither a series thumbnail nor a rendered series exists', async () => {
    const seriesThumbnail = {
      ...googleThumbnailMissing,
      request: { path: `${seriesPath}/thumbnail`, accept: ACCEPT.jpeg },
    };
    const instanceSearch = {
      quirk: 'series rendered is not a resource: find an instance',
      source: 'https://cloud.google.com/healthcare-api/docs/dicom',
      request: { path: `${seriesPath}/instances`, accept: 'application/dicom+json' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/dicom+json' },
        body: JSON.stringify([{ '00080018': { vr: 'UI', Value: [GOOGLE_INSTANCE.sopInstanceUid] } }]),
      },
    };
    const value = await succeeds(
      GOOGLE_ROOT,
      [seriesThumbnail, googleSeriesRenderedMissing, instanceSearch, googleRenderedInstance],
      (c) =>
        c.retrieveThumbnail({
          studyInstanceUid: GOOGLE_INSTANCE.studyInstanceUid,
          seriesInstanceUid: GOOGLE_INSTANCE.seriesInstanceUid,
        }),
    );
    assert.equal(value.type, 'image/jpeg');
  });

  it('pages through more studies than one capped search returns, with pageSize at the cap', async () => {
    const total = GOOGLE_STUDY_SEARCH_CAP + 3;
    const page = (offset: number, limit: number) => googleStudyPage(total, offset, limit);
    const value = await succeeds(
      GOOGLE_ROOT,
      [
        studyPageStep(page, 0, GOOGLE_STUDY_SEARCH_CAP),
        studyPageStep(page, GOOGLE_STUDY_SEARCH_CAP, GOOGLE_STUDY_SEARCH_CAP),
      ],
      (c) => collect(c.iterateStudies({}, { pageSize: GOOGLE_STUDY_SEARCH_CAP })),
    );
    assert.equal(value.length, total);
    assert.equal(new Set(value.map((s) => s.studyInstanceUid)).size, total);
  });

  it('pages on past the server cap when the client knows it (maxLimit quirk)', async () => {
    const total = GOOGLE_STUDY_SEARCH_CAP + 3;
    const page = (offset: number, limit: number) => googleStudyPage(total, offset, limit);
    const value = await succeeds(
      GOOGLE_ROOT,
      [
        studyPageStep(page, 0, GOOGLE_STUDY_SEARCH_CAP),
        studyPageStep(page, GOOGLE_STUDY_SEARCH_CAP, GOOGLE_STUDY_SEARCH_CAP),
      ],
      (c) => collect(c.iterateStudies({}, { pageSize: 10_000 })),
      { quirks: { maxLimit: GOOGLE_STUDY_SEARCH_CAP } },
    );
    assert.equal(value.length, total);
  });
});

describe('Azure DICOM service v2', () => {
  const page = (total: number) => (offset: number, limit: number) => azureStudyPage(total, offset, limit);

  it('pages with pageSize 200 under the /v2 root until a short page', async () => {
    const value = await succeeds(
      AZURE_ROOT,
      [0, 200, 400].map((offset) => studyPageStep(page(450), offset, AZURE_MAX_LIMIT)),
      (c) => collect(c.iterateStudies({}, { pageSize: AZURE_MAX_LIMIT })),
    );
    assert.equal(value.length, 450);
  });

  it('ends on the 204 that answers an offset past the last study', async () => {
    const value = await succeeds(
      AZURE_ROOT,
      [0, 200].map((offset) => studyPageStep(page(200), offset, AZURE_MAX_LIMIT)),
      (c) => collect(c.iterateStudies({}, { pageSize: AZURE_MAX_LIMIT })),
    );
    assert.equal(value.length, 200);
  });

  it('fails with a non-retryable 400 when pageSize exceeds 200: hosts must set pageSize <= 200', async () => {
    const error = await fails(AZURE_ROOT, [azureLimitTooLarge], (c) =>
      collect(c.iterateStudies({}, { pageSize: AZURE_MAX_LIMIT + 1 })),
    );
    assert.ok(error instanceof DicomWebError);
    assert.equal(error.status, 400);
    assert.equal(error.retryable, false);
  });

  it('refuses IssuerOfPatientID from an IID request unless the query leaves it out', async () => {
    const request = parseIidRequest('requestType=PATIENT&patientID=AZ-7%5E%5E%5EHOSP');
    const refusal = await fails(AZURE_ROOT, [azureIssuerNotSearchable], (c) =>
      c.searchStudies(iidToQueries(request)[0]),
    );
    assert.ok(refusal instanceof DicomWebError && refusal.status === 400);
    const accepted = await succeeds(
      AZURE_ROOT,
      [
        {
          request: { path: 'studies', query: { PatientID: 'AZ-7' }, accept: ACCEPT.json },
          response: azureStudyPage(1, 0, 100),
        },
      ],
      (c) => c.searchStudies(iidToQueries(request, { issuerOfPatientId: false })[0]),
    );
    assert.equal(accepted.length, 1);
  });

  it('still sees images in metadata without Pixel Data, through Rows and Columns', async () => {
    const value = await succeeds(AZURE_ROOT, [azureSeriesMetadata], (c) =>
      c.retrieveSeriesMetadata(AZURE_INSTANCE.studyInstanceUid, AZURE_INSTANCE.seriesInstanceUid),
    );
    const [image, report] = value;
    assert.equal(image?.dataset['7FE00010'], undefined);
    assert.equal(image?.hasPixelData, true);
    assert.deepEqual([image?.rows, image?.columns], [512, 512]);
    assert.equal(report?.hasPixelData, false);
  });

  it('gets frames as stored with transfer-syntax=*', async () => {
    const value = await succeeds(AZURE_ROOT, [azureFramesAsStored], (c) => c.retrieveFrames(AZURE_INSTANCE, [1]));
    assert.equal(value[0]?.transferSyntaxUid, '1.2.840.10008.1.2.4.90');
  });

  it('falls back from the missing thumbnail to the rendered first frame', async () => {
    const value = await succeeds(AZURE_ROOT, [azureThumbnailMissing, azureRenderedInstance], (c) =>
      c.retrieveThumbnail(AZURE_INSTANCE),
    );
    assert.equal(value.type, 'image/jpeg');
  });
});

describe('AWS HealthImaging', () => {
  const auth = { getAuthorization: () => AWS_BEARER };

  it('sends the bearer token and falls back to explicit little endian, remembered per series', async () => {
    const value = await succeeds(
      AWS_ROOT,
      [awsFramesAnySyntaxRefused, awsFramesExplicitLE, awsFramesExplicitLE],
      async (c) => [await c.retrieveFrames(AWS_INSTANCE, [1]), await c.retrieveFrames(AWS_INSTANCE, [1])],
      auth,
    );
    for (const frames of value) {
      assert.equal(frames[0]?.transferSyntaxUid, '1.2.840.10008.1.2.1');
      assert.deepEqual(frames[0]?.bytes, frameBytes('ELE-1', 512));
    }
    assert.equal(value.length, 2);
  });

  it('retries throttled frame requests (429, no Retry-After)', async () => {
    const value = await succeeds(
      AWS_ROOT,
      [awsFramesAnySyntaxRefused, awsThrottled, awsThrottled, awsFramesExplicitLE],
      (c) => c.retrieveFrames(AWS_INSTANCE, [1]),
      auth,
    );
    assert.equal(value[0]?.transferSyntaxUid, '1.2.840.10008.1.2.1');
  });
});
