// The QIDO-RS search the series browser sends for a study. No DOM: the
// Storybook snapshot (.storybook/snapshot.ts) records its answer in Node.
import type { DicomSource, Series } from '@fovea-dicom/core';

/** Attributes the browser shows beyond QIDO's required series attributes. */
const INCLUDE_FIELDS = ['SeriesDescription', 'NumberOfSeriesRelatedInstances'];

/** The series of one study, as the series browser asks for them (unsorted). */
export function searchStudySeries(
  client: DicomSource,
  studyInstanceUid: string,
  signal?: AbortSignal,
): Promise<Series[]> {
  return client.searchSeries({ StudyInstanceUID: studyInstanceUid }, { signal, includefield: INCLUDE_FIELDS });
}
