import { DicomParseError } from '../errors.js';
import { getItems, getNumber, getString, type DicomJsonDataset } from '../model/json.js';

/** Per-instance outcome of a STOW-RS request (PS3.18 table 10.5.3-1). */
export interface StowInstanceResult {
  sopClassUid: string | undefined;
  sopInstanceUid: string | undefined;
  /** Where the server says the stored instance can be retrieved. */
  retrieveUrl: string | undefined;
  ok: boolean;
  /** FailureReason (0008,1197) or WarningReason (0008,1196) code. */
  reason: number | undefined;
}

/** Result of a STOW-RS request. */
export interface StowResult {
  stored: StowInstanceResult[];
  failed: StowInstanceResult[];
}

function item(dataset: DicomJsonDataset, ok: boolean): StowInstanceResult {
  return {
    sopClassUid: getString(dataset, '00081150'),
    sopInstanceUid: getString(dataset, '00081155'),
    retrieveUrl: getString(dataset, '00081190'),
    ok,
    reason: getNumber(dataset, ok ? '00081196' : '00081197'),
  };
}

/** Parses a STOW-RS response dataset (DICOM JSON, as an object or a one-element array). */
export function parseStowResponse(text: string): StowResult {
  if (text.trim() === '') return { stored: [], failed: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DicomParseError('STOW-RS response is not JSON', { cause });
  }
  const dataset = (Array.isArray(parsed) ? parsed[0] : parsed) as DicomJsonDataset | undefined;
  if (!dataset || typeof dataset !== 'object') return { stored: [], failed: [] };
  return {
    stored: getItems(dataset, '00081199').map((d) => item(d, true)),
    failed: getItems(dataset, '00081198').map((d) => item(d, false)),
  };
}
