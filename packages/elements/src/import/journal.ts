import type { UploadJournal } from '@fovea-dicom/core/local';

const PREFIX = 'fovea-import:';

async function digest(key: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return Array.from(bytes.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An upload journal in the page's `localStorage`, so that an upload resumed
 * after a reload sends only what the archive has not confirmed. Keys are
 * stored hashed: no UID, no patient data in the browser's storage. A storage
 * that refuses writes (private mode, quota) leaves the archive's own answer
 * as the only check, which is enough not to send an instance twice.
 */
export class LocalStorageJournal implements UploadJournal {
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
  }

  async has(key: string): Promise<boolean> {
    try {
      return this.#storage?.getItem(PREFIX + (await digest(key))) !== null && this.#storage !== undefined;
    } catch {
      return false;
    }
  }

  async add(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      try {
        this.#storage?.setItem(PREFIX + (await digest(key)), '1');
      } catch {
        return;
      }
    }
  }
}
