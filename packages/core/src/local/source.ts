/**
 * DICOM files on the reader's computer as a {@link DicomSource}: a patient's
 * CD, a USB stick, a folder, a zip. Headers are read once (in workers when
 * the host gives a worker factory); frames and bulk data are read by byte
 * range from the files when asked for, so the pixel data is never held whole.
 */
import { DicomParseError, FoveaError } from '../errors.js';
import type { CallOptions, Frame, InstanceRef } from '../dicomweb/client.js';
import type { InstanceQuery, SearchOptions, SeriesQuery, StudyQuery } from '../dicomweb/qido.js';
import type { DicomSource } from '../dicomweb/source.js';
import { TransferSyntax } from '../dicomweb/transfer-syntax.js';
import type { DicomJsonDataset } from '../model/json.js';
import { sortInstancesForStack } from '../model/stack.js';
import { Instance, Series, Study } from '../model/views.js';
import { inflatePart10, type PixelDataLocation, type SkipReason } from './header.js';
import { readFragmentTable, readFrameBytes, type FragmentTable, type ReadRange } from './frames.js';
import type { LocalFile } from './files.js';
import { groupByStudy, newestFirst, seriesAnswer, studyAnswer } from './catalog.js';
import { matchesQuery, page } from './query.js';
import { inlineHeaderReader, type HeaderReader } from './reader.js';
import { unzipEntries } from './zip.js';

/** One instance found in the files. */
export interface LocalInstance {
  readonly instance: Instance;
  /** Where it was found (inside what was handed over). Never put it in a message: paths name patients. */
  readonly path: string;
  readonly file: Blob;
  readonly transferSyntaxUid: string;
  readonly pixelData: PixelDataLocation | undefined;
  readonly deflated: boolean;
}

/** A file that is not part of what was found, and why. */
export interface SkippedFile {
  /** Its path; for the host's own list, never for a message. */
  path: string;
  reason: SkipReason;
}

/** How far a scan is. */
export interface ScanProgress {
  /** Files found so far (zip entries included). */
  found: number;
  /** Files whose header was read. */
  read: number;
  instances: number;
  skipped: number;
}

/** Options of {@link LocalDicomSource.add}. */
export interface ScanOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ScanProgress) => void) | undefined;
  /** Files whose header is being read at once. Default 16. */
  concurrency?: number;
}

/** Options of a {@link LocalDicomSource}. */
export interface LocalSourceOptions {
  /** How headers are read: a worker pool (`WorkerHeaderReader`), or on the calling thread (the default). */
  headerReader?: HeaderReader;
}

let nextSourceId = 1;

/**
 * Local DICOM files as a {@link DicomSource}. `add()` files (from
 * `filesFromList`, `filesFromDataTransfer`, `filesFromDirectoryHandle`);
 * zip archives and DICOMDIRs among them are followed. Give it to any Fovea
 * element's `client` property.
 */
export class LocalDicomSource implements DicomSource {
  readonly #id = nextSourceId++;
  readonly #reader: HeaderReader;
  readonly #bySop = new Map<string, LocalInstance>();
  readonly #records: LocalInstance[] = [];
  readonly #skipped: SkippedFile[] = [];
  readonly #paths = new Set<string>();
  readonly #dicomdirRefs: { base: string; files: string[][] }[] = [];
  readonly #fragments = new Map<LocalInstance, Promise<FragmentTable>>();
  /** The last few deflated files, inflated (no byte range of a deflated file means anything on its own). */
  readonly #inflated = new Map<LocalInstance, Promise<Uint8Array>>();

  constructor(options: LocalSourceOptions = {}) {
    this.#reader = options.headerReader ?? inlineHeaderReader;
  }

  /** Every instance found so far, in the order found. */
  get instances(): readonly LocalInstance[] {
    return this.#records;
  }

  /** Files that are not part of what was found, with the reason. */
  get skipped(): readonly SkippedFile[] {
    return this.#skipped;
  }

  /** The instance with this SOP Instance UID, if found. */
  instance(sopInstanceUid: string): LocalInstance | undefined {
    return this.#bySop.get(sopInstanceUid);
  }

  /** Ends the header workers. */
  close(): void {
    this.#reader.close();
  }

  /**
   * Reads the headers of `files` (zip archives are opened, DICOMDIRs
   * followed) and adds what they hold. Bad files are listed in `skipped`
   * and never stop the rest.
   */
  async add(files: readonly LocalFile[], options: ScanOptions = {}): Promise<void> {
    const { signal, onProgress } = options;
    const queue = [...files];
    const progress: ScanProgress = { found: files.length, read: 0, instances: 0, skipped: 0 };
    const report = () => onProgress?.({ ...progress });
    const one = async (item: LocalFile): Promise<void> => {
      this.#paths.add(item.path.toLowerCase());
      const outcome = await this.#reader.read(item.file);
      signal?.throwIfAborted();
      progress.read++;
      switch (outcome.kind) {
        case 'zip':
          try {
            const entries = await unzipEntries(item, signal);
            queue.push(...entries);
            progress.found += entries.length;
          } catch (error) {
            signal?.throwIfAborted();
            void error;
            this.#skip(item.path, 'unreadable', progress);
          }
          break;
        case 'dicomdir':
          this.#dicomdirRefs.push({ base: item.path.split('/').slice(0, -1).join('/'), files: outcome.files });
          break;
        case 'skip':
          this.#skip(item.path, outcome.reason, progress);
          break;
        case 'instance': {
          const sop = String(outcome.dataset['00080018']?.Value?.[0]);
          if (this.#bySop.has(sop)) {
            this.#skip(item.path, 'duplicate', progress);
            break;
          }
          const dataset = this.#localBulkData(outcome.dataset, this.#records.length);
          const record: LocalInstance = {
            instance: new Instance(dataset),
            path: item.path,
            file: item.file,
            transferSyntaxUid: outcome.transferSyntaxUid,
            pixelData: outcome.pixelData,
            deflated: outcome.deflated,
          };
          this.#records.push(record);
          this.#bySop.set(sop, record);
          progress.instances++;
          break;
        }
      }
      report();
    };
    const workers = Array.from({ length: Math.max(1, options.concurrency ?? 16) }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        signal?.throwIfAborted();
        await one(item);
      }
    });
    await Promise.all(workers);
    this.#checkDicomdirs(progress);
    report();
  }

  #skip(path: string, reason: SkipReason, progress: ScanProgress): void {
    this.#skipped.push({ path, reason });
    progress.skipped++;
  }

  /** Files a DICOMDIR names that are not among the files: listed as missing. */
  #checkDicomdirs(progress: ScanProgress): void {
    for (const ref of this.#dicomdirRefs.splice(0)) {
      for (const parts of ref.files) {
        const path = [ref.base, ...parts].filter(Boolean).join('/');
        if (!this.#paths.has(path.toLowerCase())) this.#skip(path, 'missing', progress);
      }
    }
  }

  /** Rewrites `bytes=a-b` bulk data URIs (offsets in the file) to this source's own. */
  #localBulkData(dataset: DicomJsonDataset, index: number): DicomJsonDataset {
    for (const attribute of Object.values(dataset)) {
      if (!attribute) continue;
      if (attribute.BulkDataURI?.startsWith('bytes=')) {
        attribute.BulkDataURI = `fovea-local:${this.#id}/${index}/${attribute.BulkDataURI}`;
      }
      if (attribute.vr === 'SQ') {
        for (const item of attribute.Value ?? []) {
          if (item && typeof item === 'object' && !('Alphabetic' in item))
            this.#localBulkData(item as DicomJsonDataset, index);
        }
      }
    }
    return dataset;
  }

  #range(record: LocalInstance): ReadRange {
    if (record.deflated) {
      return async (offset, length) => {
        let inflated = this.#inflated.get(record);
        if (!inflated) {
          inflated = record.file.arrayBuffer().then((b) => inflatePart10(new Uint8Array(b)));
          this.#inflated.set(record, inflated);
          // Keep the last two: a deflated series is shown image by image.
          while (this.#inflated.size > 2) this.#inflated.delete(this.#inflated.keys().next().value!);
        }
        const bytes = await inflated;
        if (offset + length > bytes.byteLength) throw new DicomParseError('value past the end of the file');
        return bytes.subarray(offset, offset + length);
      };
    }
    return async (offset, length) => {
      if (offset + length > record.file.size) throw new DicomParseError('value past the end of the file');
      try {
        return new Uint8Array(await record.file.slice(offset, offset + length).arrayBuffer());
      } catch (cause) {
        // The file was moved, changed or its medium removed since it was listed.
        throw new FoveaError('bad-response', 'a local file could not be read', { cause });
      }
    };
  }

  #record(ref: InstanceRef): LocalInstance {
    const record = this.#bySop.get(ref.sopInstanceUid);
    if (!record) throw new FoveaError('unsupported', 'the instance is not among the local files');
    return record;
  }

  // ---- DicomSource ----

  async searchStudies(query: StudyQuery = {}, options: SearchOptions = {}): Promise<Study[]> {
    const out: Study[] = [];
    for (const { dataset, series } of groupByStudy(this.#records).values()) {
      const full = studyAnswer(dataset, series);
      if (matchesQuery(full, query)) out.push(new Study(full));
    }
    out.sort(newestFirst);
    return page(out, options);
  }

  async *iterateStudies(
    query: StudyQuery = {},
    options: SearchOptions & { pageSize?: number } = {},
  ): AsyncGenerator<Study> {
    yield* await this.searchStudies(query, { ...options, limit: undefined, offset: options.offset });
  }

  async searchSeries(query: SeriesQuery = {}, options: SearchOptions = {}): Promise<Series[]> {
    const out: Series[] = [];
    for (const [studyUid, { dataset, series }] of groupByStudy(this.#records)) {
      if (query.StudyInstanceUID && query.StudyInstanceUID !== studyUid) continue;
      for (const records of series.values()) {
        const full = seriesAnswer(dataset, records);
        if (matchesQuery(full, { ...query, StudyInstanceUID: undefined })) out.push(new Series(full));
      }
    }
    out.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
    return page(out, options);
  }

  async searchInstances(query: InstanceQuery = {}, options: SearchOptions = {}): Promise<Instance[]> {
    const found = this.#records.map((r) => r.instance).filter((i) => matchesQuery(i.dataset, query));
    return page(sortInstancesForStack(found), options);
  }

  async retrieveStudyMetadata(studyInstanceUid: string, options: CallOptions = {}): Promise<Instance[]> {
    void options;
    return this.#records.filter((r) => r.instance.studyInstanceUid === studyInstanceUid).map((r) => r.instance);
  }

  async retrieveSeriesMetadata(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    options: CallOptions = {},
  ): Promise<Instance[]> {
    void options;
    return this.#records
      .filter(
        (r) => r.instance.studyInstanceUid === studyInstanceUid && r.instance.seriesInstanceUid === seriesInstanceUid,
      )
      .map((r) => r.instance);
  }

  framesUrl(ref: InstanceRef, frames: readonly number[]): string {
    return `fovea-local:${this.#id}/${ref.sopInstanceUid}/frames/${frames.join(',')}`;
  }

  async retrieveFrames(ref: InstanceRef, frames: readonly number[], options: CallOptions = {}): Promise<Frame[]> {
    const record = this.#record(ref);
    if (!record.pixelData) throw new FoveaError('unsupported', 'the instance has no pixel data');
    const location = record.pixelData;
    const read = this.#range(record);
    const size = record.deflated ? Number.POSITIVE_INFINITY : record.file.size;
    const table = () => {
      let pending = this.#fragments.get(record);
      if (!pending) {
        pending = readFragmentTable(read, location, size);
        pending.catch(() => this.#fragments.delete(record));
        this.#fragments.set(record, pending);
      }
      return pending;
    };
    const out: Frame[] = [];
    for (const frame of frames) {
      options.signal?.throwIfAborted();
      const bytes = await readFrameBytes(
        read,
        record.instance.dataset,
        location,
        frame,
        record.instance.numberOfFrames,
        table,
      );
      out.push({
        frame,
        // A deflated file's frames are native explicit little endian once inflated.
        transferSyntaxUid: record.deflated ? TransferSyntax.ExplicitVRLittleEndian : record.transferSyntaxUid,
        contentType: 'application/octet-stream',
        bytes,
      });
    }
    return out;
  }

  async retrieveBulkData(uri: string, options: CallOptions = {}): Promise<Uint8Array> {
    void options;
    const match = /^fovea-local:(\d+)\/(\d+)\/bytes=(\d+)-(\d+)$/.exec(uri);
    const record = match && Number(match[1]) === this.#id ? this.#records[Number(match[2])] : undefined;
    if (!match || !record) throw new FoveaError('unsupported', 'the bulk data is not in the local files');
    const start = Number(match[3]);
    return this.#range(record)(start, Number(match[4]) - start + 1);
  }

  async retrieveInstance(ref: InstanceRef, options: CallOptions = {}): Promise<Uint8Array> {
    void options;
    const record = this.#record(ref);
    return this.#range({ ...record, deflated: false })(0, record.file.size);
  }
}
