/**
 * The key images of one study: read from its newest "Of Interest" Key Object
 * Selection document, changed by a person's toggles, and stored as a new KOS
 * listing the whole selection (which then is the newest). One selection is
 * shared by the elements of a `<fovea-viewer>` (through its context), so a
 * flag set in one viewport shows in the others and in the series browser.
 *
 * Other KOS titles (e.g. "Rejected for Quality Reasons") are not key images
 * and are left alone. A failed read leaves the selection empty and says so
 * (`error`); a toggle before the read ends is kept and applied over it. The
 * elements that show the selection get the failed read as it is (one failure,
 * reported once); storing reads again first.
 */
import { DicomWebError, type DicomSource, type Instance } from '@fovea-dicom/core';
import type { ImageRef } from './composite.js';
import { archiveOf } from './archive.js';
import { loadDocuments } from './documents-loader.js';
import type { KeyImagesOptions } from './kos.js';
import { ReportError } from './report-error.js';
import type { StoredObject } from './study-documents.js';

/** A key image: an image of the study (`frame` for a frame of a multi-frame instance; none: every frame). */
export type KeyImage = ImageRef;

const keyOf = (sop: string, frame: number | undefined) => `${sop}|${frame ?? '*'}`;

/** The key images of a study; `change` events tell its users to look again. */
export class KeyImageSelection extends EventTarget {
  readonly client: DicomSource;
  readonly studyInstanceUid: string;
  readonly #images = new Map<string, KeyImage>();
  /** Toggles made before the stored selection was read: applied over it. */
  readonly #pending = new Map<string, { image: KeyImage; key: boolean }>();
  #loading: Promise<void> | undefined;
  #loaded = false;
  #error: unknown;
  #changed = false;
  #claimed: unknown;

  constructor(client: DicomSource, studyInstanceUid: string) {
    super();
    this.client = client;
    this.studyInstanceUid = studyInstanceUid;
  }

  /**
   * Reads the study's newest "Of Interest" KOS, once: later calls get the same
   * promise, a failed one included, unless `retry` asks to read again after a failure.
   */
  load(options: { retry?: boolean } = {}): Promise<void> {
    if (options.retry && this.#error !== undefined) this.#loading = undefined;
    this.#loading ??= this.#read().catch((error: unknown) => {
      this.#error = error;
      this.#notify();
      throw error;
    });
    return this.#loading;
  }

  async #read(): Promise<void> {
    const { findDocuments, isOfInterest, readDocument, readKeyObjects } = await loadDocuments();
    const documents = await findDocuments(this.client, this.studyInstanceUid, 'KO');
    let newest: { at: string; images: KeyImage[] } | undefined;
    for (const ref of documents) {
      let read;
      try {
        read = readKeyObjects(await readDocument(this.client, ref));
      } catch (error) {
        // A KOS that cannot be read is not key images; a failed request is.
        if (error instanceof DicomWebError) throw error;
        continue;
      }
      if (!isOfInterest(read)) continue;
      if (newest && read.contentDateTime <= newest.at) continue;
      newest = { at: read.contentDateTime, images: read.images };
    }
    this.#images.clear();
    for (const image of newest?.images ?? []) this.#images.set(keyOf(image.sopInstanceUid, image.frame), image);
    for (const [key, { image, key: on }] of this.#pending) {
      if (on) this.#images.set(key, image);
      else this.#images.delete(key);
    }
    this.#pending.clear();
    this.#loaded = true;
    this.#error = undefined;
    this.#notify();
  }

  /** True once the stored selection has been read. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Why the stored selection could not be read, until it is. */
  get error(): unknown {
    return this.#error;
  }

  /**
   * True the first time it is asked for `error` (the failure of a read):
   * elements sharing the selection report a failure once between them; a
   * read again that fails is a new failure.
   */
  claimFailure(error: unknown): boolean {
    if (this.#claimed === error) return false;
    this.#claimed = error;
    return true;
  }

  /** True when toggles were made since the selection was read or stored. */
  get changed(): boolean {
    return this.#changed;
  }

  /** The key images. */
  images(): KeyImage[] {
    return [...this.#images.values()];
  }

  /** True when the image (or its whole instance) is a key image. */
  has(sopInstanceUid: string, frame: number | undefined): boolean {
    return this.#images.has(keyOf(sopInstanceUid, frame)) || this.#images.has(keyOf(sopInstanceUid, undefined));
  }

  /** Key images per Series Instance UID. */
  countBySeries(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const image of this.#images.values()) {
      counts.set(image.seriesInstanceUid, (counts.get(image.seriesInstanceUid) ?? 0) + 1);
    }
    return counts;
  }

  /** Makes `image` a key image or not (`key`, else the opposite of now); returns whether it is one. */
  toggle(image: KeyImage, key = !this.has(image.sopInstanceUid, image.frame)): boolean {
    const id = keyOf(image.sopInstanceUid, image.frame);
    if (key) this.#images.set(id, image);
    else {
      this.#images.delete(id);
      // The whole instance was a key image: now only its other frames would be, which a KOS of
      // the instance cannot say; the instance stops being one.
      this.#images.delete(keyOf(image.sopInstanceUid, undefined));
    }
    if (!this.#loaded) this.#pending.set(id, { image, key });
    this.#changed = true;
    this.#notify();
    return key;
  }

  /**
   * Stores the selection as a new KOS in the study. `context` is an image of
   * the study whose header gives the patient and study attributes. A
   * {@link ReportError} `read-only` when the source is no archive.
   */
  async store(context: Instance, options: KeyImagesOptions = {}, signal?: AbortSignal): Promise<StoredObject> {
    const archive = archiveOf(this.client);
    const images = this.images().map((image) => ({
      ...image,
      sopClassUid: image.sopClassUid || context.sopClassUid,
    }));
    if (images.length === 0) throw new ReportError('nothing', 'there are no key images to store');
    const { keyImagesDocument, storeDocument } = await loadDocuments();
    const stored = await storeDocument(archive, keyImagesDocument(context, images, options), signal);
    this.#changed = false;
    this.#notify();
    return stored;
  }

  #notify(): void {
    this.dispatchEvent(new Event('change'));
  }
}
