// The part of dcmjs (0.52, no type declarations of its own) that Fovea uses:
// Part 10 encoding and decoding of "naturalized" datasets (keyword: value).
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>;
  type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>;

  interface Logger {
    setLevel(level: 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace'): void;
  }

  interface DicomDict {
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  const dcmjs: {
    data: {
      DicomDict: new (meta: DenaturalizedDataset) => DicomDict;
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean },
        ): DicomDict;
      };
      DicomMetaDictionary: {
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalDataset;
        denaturalizeDataset(dataset: NaturalDataset): DenaturalizedDataset;
      };
    };
    log: Logger & { getLogger(name: string): Logger };
  };
  export default dcmjs;
}
