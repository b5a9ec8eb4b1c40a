import { createDicomWebClient, type DicomWebClient } from '@fovea-dicom/core';

/**
 * A client for Orthanc through the test server's proxy that records the path
 * of every request. Paths matching `missing` answer 404 instead, to play a
 * server without those endpoints (a fault injected on purpose).
 */
export function recordingClient(options: { missing?: RegExp } = {}): { client: DicomWebClient; paths: string[] } {
  const paths: string[] = [];
  const client = createDicomWebClient({
    root: '/dicom-web',
    quirks: { noPercentDecoding: true },
    fetch: (input, init) => {
      const path = new URL(String(input), location.href).pathname;
      paths.push(path);
      if (options.missing?.test(path)) return Promise.resolve(new Response('', { status: 404 }));
      return fetch(input, init);
    },
  });
  return { client, paths };
}
