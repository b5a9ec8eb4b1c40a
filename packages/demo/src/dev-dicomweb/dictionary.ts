/**
 * The data dictionary of the development DICOMweb server, from dcmjs's
 * (PS3.6, about 5,000 attributes): keywords for query parameters and VRs for
 * implicit VR files. A tag that is not listed is read as UN from implicit VR
 * data (still valid DICOM JSON, as InlineBinary).
 *
 * dcmjs writes the VRs a tag may take in several ways as lower-case
 * placeholders: `xs` (US or SS, decided by Pixel Representation), `ox` (OB or
 * OW), `lt` (US or OW, LUT data), `up` (UL, a pointer). Implicit VR data is
 * read with the VR PS3.5 A.1 gives them there.
 */
import { createRequire } from 'node:module';

/** The part of dcmjs (which ships no types) this module reads. */
interface DcmjsDictionary {
  data: { DicomMetaDictionary: { nameMap: Record<string, { tag: string; vr: string; name: string }> } };
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as DcmjsDictionary;

export interface TagInfo {
  vr: string;
  keyword: string;
}

const byTag = new Map<string, TagInfo>();
const byKeyword = new Map<string, string>();
for (const entry of Object.values(dcmjs.data.DicomMetaDictionary.nameMap)) {
  const tag = entry.tag.replace(/[(),]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8}$/.test(tag) || !entry.name) continue;
  const info = { vr: entry.vr, keyword: entry.name };
  byTag.set(tag, info);
  byKeyword.set(entry.name.toLowerCase(), tag);
}

/** The dictionary entry of a tag (`GGGGEEEE`, upper-case hex). */
export function tagInfo(tag: string): TagInfo | undefined {
  return byTag.get(tag);
}

/**
 * The VR of a tag read from implicit VR data: the dictionary's, `LO` for
 * private creators, `UL` for group lengths, else `UN`.
 */
export function implicitVr(tag: string, pixelRepresentation = 0): string {
  const info = byTag.get(tag) ?? (/^60[01][02468ACE]/.test(tag) ? byTag.get(`6000${tag.slice(4)}`) : undefined);
  if (info) {
    switch (info.vr) {
      case 'xs':
        // LUT and palette descriptors stay US whatever the pixels are (PS3.3 C.11.1.1.1, C.7.6.3.1.5).
        return pixelRepresentation === 1 && !/^0028(110|300)/.test(tag) ? 'SS' : 'US';
      case 'ox':
      case 'lt':
        return 'OW';
      case 'up':
        return 'UL';
      case 'na':
        return 'UN';
      default:
        return info.vr;
    }
  }
  if (tag.endsWith('0000')) return 'UL';
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  if (group % 2 === 1 && element >= 0x10 && element <= 0xff) return 'LO';
  return 'UN';
}

/**
 * Resolves a QIDO-RS attribute name: a keyword (case-insensitive) or a tag
 * (`00100020`, also `(0010,0020)` or `0010,0020`). Returns the upper-case tag.
 */
export function resolveAttribute(name: string): string | undefined {
  const hex = name.replace(/[(),]/g, '');
  if (/^[0-9a-fA-F]{8}$/.test(hex)) return hex.toUpperCase();
  return byKeyword.get(name.toLowerCase());
}

/** The keyword of a tag, or the tag itself when it is not in the dictionary. */
export function keywordOf(tag: string): string {
  return byTag.get(tag)?.keyword ?? tag;
}
