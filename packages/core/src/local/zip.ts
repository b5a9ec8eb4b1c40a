/**
 * Zip archives among the files handed over: opened with fflate's streaming
 * reader, entry by entry, each kept as a Blob (which the browser may keep on
 * disk) rather than one array for the whole archive.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { isZip, type LocalFile } from './files.js';

/** An archive that could not be opened, with its path (for the list of skipped files, never for a message). */
export interface BrokenArchive {
  path: string;
}

/** The entries of one zip archive, paths prefixed with the archive's. */
export async function unzipEntries(archive: LocalFile, signal?: AbortSignal): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  let started = 0;
  let failure: unknown;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return;
    started++;
    const parts: Uint8Array[] = [];
    file.ondata = (error, data, final) => {
      if (error) {
        failure ??= error;
        return;
      }
      parts.push(data);
      if (final) out.push({ path: `${archive.path}/${file.name}`, file: new Blob(parts as BlobPart[]) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  const reader = archive.file.stream().getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      unzip.push(value, false);
      if (failure) throw failure;
    }
    unzip.push(new Uint8Array(0), true);
  } finally {
    reader.releaseLock();
  }
  if (failure) throw failure;
  // fflate answers synchronously: an entry not complete once all is pushed ends early (a cut archive).
  if (started === 0 || out.length !== started) throw new Error('the archive is damaged or empty');
  return out;
}

/**
 * Replaces every zip archive in `files` by its entries (archives inside
 * archives too). Archives that cannot be opened are returned in `broken`.
 */
export async function expandArchives(
  files: readonly LocalFile[],
  signal?: AbortSignal,
): Promise<{ files: LocalFile[]; broken: BrokenArchive[] }> {
  const out: LocalFile[] = [];
  const broken: BrokenArchive[] = [];
  const queue = [...files];
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (!(await isZip(item.file))) {
      out.push(item);
      continue;
    }
    try {
      queue.push(...(await unzipEntries(item, signal)));
    } catch (error) {
      signal?.throwIfAborted();
      void error;
      broken.push({ path: item.path });
    }
  }
  return { files: out, broken };
}
