// The identifiers of what a test shows (patient name parts, patient ID,
// accession number, study / series / instance UIDs), read from the server as a
// host would, so that PHI checks know what must never appear in messages.
import type { DicomWebClient, PersonName } from '@fovea-dicom/core';

function nameParts(name: PersonName | undefined): string[] {
  if (!name) return [];
  return [name.alphabetic, name.ideographic, name.phonetic].flatMap((g) =>
    g ? [g.family, g.given, g.middle].filter((p) => p.length >= 3) : [],
  );
}

/** Identifiers of a series (or a whole study when `seriesUid` is not given). */
export async function identifiersOf(client: DicomWebClient, studyUid: string, seriesUid?: string): Promise<string[]> {
  const [study] = await client.searchStudies({ StudyInstanceUID: studyUid });
  const instances = await client.searchInstances({
    StudyInstanceUID: studyUid,
    ...(seriesUid ? { SeriesInstanceUID: seriesUid } : {}),
  });
  const ids = new Set<string>([studyUid]);
  if (seriesUid) ids.add(seriesUid);
  for (const part of nameParts(study?.patientName)) ids.add(part);
  if (study?.patientId) ids.add(study.patientId);
  if (study?.accessionNumber) ids.add(study.accessionNumber);
  for (const i of instances) {
    ids.add(i.seriesInstanceUid);
    ids.add(i.sopInstanceUid);
  }
  return [...ids].filter((id) => id.length >= 4);
}
