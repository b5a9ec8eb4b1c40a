import type { Instance, Series, Study } from '../model/views.js';
import type { CallOptions, Frame, InstanceRef, RenderedOptions } from './client.js';
import type { InstanceQuery, SearchOptions, SeriesQuery, StudyQuery } from './qido.js';

/**
 * Where the elements read studies, metadata and pixels from: the part of
 * {@link DicomWebClient} they call, so that another source (files on the
 * reader's computer: `LocalDicomSource`) can stand in for a server. A
 * `DicomWebClient` is one as it is.
 *
 * Answers follow DICOMweb's: DICOM JSON views, frames as stored with their
 * transfer syntax, typed errors. A source without server-made thumbnails
 * leaves `retrieveThumbnail` out; the series browser then draws them itself.
 */
export interface DicomSource {
  /** QIDO-RS study search. */
  searchStudies(query?: StudyQuery, options?: SearchOptions): Promise<Study[]>;
  /** Every matching study, page by page. */
  iterateStudies(query?: StudyQuery, options?: SearchOptions & { pageSize?: number }): AsyncGenerator<Study>;
  /** QIDO-RS series search (in one study when `StudyInstanceUID` is given). */
  searchSeries(query?: SeriesQuery, options?: SearchOptions): Promise<Series[]>;
  /** QIDO-RS instance search. */
  searchInstances(query?: InstanceQuery, options?: SearchOptions): Promise<Instance[]>;
  /** WADO-RS metadata of every instance of a study. */
  retrieveStudyMetadata(studyInstanceUid: string, options?: CallOptions): Promise<Instance[]>;
  /** WADO-RS metadata of every instance of a series. */
  retrieveSeriesMetadata(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    options?: CallOptions,
  ): Promise<Instance[]>;
  /**
   * A stable name for frames of an instance (for a server, the WADO-RS frames
   * URL): what image references and caches key on. Never fetched by the elements.
   */
  framesUrl(ref: InstanceRef, frames: readonly number[]): string;
  /** Frames of an instance as stored, each with its transfer syntax. */
  retrieveFrames(ref: InstanceRef, frames: readonly number[], options?: CallOptions): Promise<Frame[]>;
  /** The value at a BulkDataURI the metadata gave. */
  retrieveBulkData(uri: string, options?: CallOptions): Promise<Uint8Array>;
  /** One instance as Part 10 bytes (the viewer's last resort for a frame). */
  retrieveInstance(ref: InstanceRef, options?: CallOptions): Promise<Uint8Array>;
  /**
   * The keys of `query` this source widens to match (a server that does not
   * percent-decode); absent when it matches every key as given.
   */
  broadenedKeys?(query: object): string[];
  /** A series thumbnail made by the source; absent when it has none. */
  retrieveThumbnail?(
    ref: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid?: string },
    options?: RenderedOptions,
  ): Promise<Blob>;
}

/**
 * What a study list needs of a source: the study search. Every
 * {@link DicomSource} is one, and so is a QIDO-RS-only `QidoClient`.
 */
export type StudySearchSource = Pick<DicomSource, 'searchStudies' | 'iterateStudies' | 'broadenedKeys'>;
