import type { DicomJsonDataset, DicomSource, Instance } from '@fovea-dicom/core';

/**
 * Data of an instance fetched once and shared by every frame load (palette
 * tables, VOI LUTs): one request however many frames of the instance load
 * at once. It is small and not cancelled with a frame, so that a cancelled
 * prefetch cannot fail another load. A failed fetch is tried again by the
 * next load; what was fetched is kept while the instance's dataset is.
 */
export class InstanceData<T> {
  readonly #fetch: (client: DicomSource, instance: Instance) => Promise<T>;
  readonly #pending = new WeakMap<DicomJsonDataset, Promise<T>>();
  readonly #fetched = new WeakMap<DicomJsonDataset, T>();

  constructor(fetch: (client: DicomSource, instance: Instance) => Promise<T>) {
    this.#fetch = fetch;
  }

  get(client: DicomSource, instance: Instance): Promise<T> {
    const { dataset } = instance;
    let pending = this.#pending.get(dataset);
    if (!pending) {
      pending = this.#fetch(client, instance);
      this.#pending.set(dataset, pending);
      pending.then(
        (value) => this.#fetched.set(dataset, value),
        () => this.#pending.delete(dataset),
      );
    }
    return pending;
  }

  /** What was fetched for `dataset`, if it has been. */
  fetched(dataset: DicomJsonDataset): T | undefined {
    return this.#fetched.get(dataset);
  }
}
