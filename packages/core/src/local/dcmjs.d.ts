// The part of dcmjs (which ships no types) that the importer uses: reading a
// Part 10 file into a dictionary of DICOM JSON-like attributes and writing it back.
declare module 'dcmjs' {
  interface DcmjsAttribute {
    vr: string;
    Value?: unknown[];
  }
  type DcmjsDict = Record<string, DcmjsAttribute>;
  class DicomDict {
    constructor(meta: DcmjsDict);
    meta: DcmjsDict;
    dict: DcmjsDict;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    log: { getLogger(name: string): { setLevel(level: 'silent' | 'error' | 'warn'): void } };
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DicomDict;
      };
    };
  };
  export default dcmjs;
}
