/**
 * Gathering the files a person hands over: a file picker's list (single files
 * or a `webkitdirectory` folder), a drop (files and whole directories, through
 * `webkitGetAsEntry`), a File System Access directory handle, and zip archives
 * among any of them. Nothing is read here but directory listings; zip
 * archives are opened by {@link expandArchives}.
 */

/** One file with its path inside what was handed over (`/` separated; never shown in messages). */
export interface LocalFile {
  path: string;
  file: Blob;
}

function withPath(file: File, path?: string): LocalFile {
  const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
  return { path: path ?? (relative || file.name), file };
}

/** The files of a file input (`multiple`, or `webkitdirectory`: paths keep their folders). */
export function filesFromList(list: FileList | readonly File[]): LocalFile[] {
  return Array.from(list, (file) => withPath(file));
}

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walkEntry(entry: FileSystemEntry, out: LocalFile[], signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const e = entry as EntryLike & FileSystemEntry;
  const path = e.fullPath.replace(/^\/+/, '') || e.name;
  if (e.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, file });
  } else if (e.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches (100 in Chromium) until an empty one.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walkEntry(child, out, signal);
    }
  }
}

/**
 * The files of a drop: dropped directories are walked (`webkitGetAsEntry`).
 * The entries are taken synchronously, as the browser empties the list once
 * the drop event returns; the walk itself may go on after it.
 */
export function filesFromDataTransfer(transfer: DataTransfer, signal?: AbortSignal): Promise<LocalFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(transfer.files));
  return (async () => {
    const out: LocalFile[] = loose.map((f) => withPath(f));
    for (const entry of entries) await walkEntry(entry, out, signal);
    return out;
  })();
}

/** A File System Access directory handle, as far as this module uses it. */
export interface DirectoryHandleLike {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryHandleLike | FileHandleLike>;
}

/** A File System Access file handle, as far as this module uses it. */
export interface FileHandleLike {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
}

/** The files under a File System Access directory handle (`showDirectoryPicker()`). */
export async function filesFromDirectoryHandle(
  handle: DirectoryHandleLike,
  signal?: AbortSignal,
  prefix = handle.name,
): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  for await (const child of handle.values()) {
    signal?.throwIfAborted();
    const path = `${prefix}/${child.name}`;
    if (child.kind === 'file') out.push({ path, file: await child.getFile() });
    else out.push(...(await filesFromDirectoryHandle(child, signal, path)));
  }
  return out;
}

/** Whether a file is a zip archive (its first bytes are a local file header). */
export async function isZip(file: Blob): Promise<boolean> {
  if (file.size < 4) return false;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
