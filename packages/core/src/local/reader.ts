/**
 * Reading the headers of many files: a slice of each file's start (more only
 * when the header is longer), parsed by {@link readHeader}, on the page or in
 * workers. Pixel data is never read here.
 */
import { readHeader, type HeaderResult } from './header.js';

/** What reading one file's start finds: a header, a zip archive, or why the file is skipped. */
export type FileOutcome = Exclude<HeaderResult, { kind: 'need-more' }> | { kind: 'zip' };

const FIRST_READ = 16 * 1024;

/** Reads and parses the header of one file (a File or any Blob). */
export async function readFileHeader(file: Blob): Promise<FileOutcome> {
  let length = Math.min(file.size, FIRST_READ);
  for (;;) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.slice(0, length).arrayBuffer());
    } catch {
      return { kind: 'skip', reason: 'read-failed' };
    }
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return { kind: 'zip' };
    const result = readHeader(bytes, file.size);
    if (result.kind !== 'need-more') return result;
    if (length >= file.size) return { kind: 'skip', reason: 'truncated' };
    length = Math.min(file.size, length * 8);
  }
}

/** Reads file headers; {@link readFileHeader} on the page, or a pool of workers. */
export interface HeaderReader {
  read(file: Blob): Promise<FileOutcome>;
  /** Ends the workers, if any. */
  close(): void;
}

/** Reads headers on the calling thread (Node, tests, or where workers cannot start). */
export const inlineHeaderReader: HeaderReader = { read: readFileHeader, close: () => undefined };

/** A request to a header worker. */
export interface HeaderRequest {
  id: number;
  file: Blob;
}

/** A header worker's answer. */
export interface HeaderAnswer {
  id: number;
  outcome: FileOutcome;
}

/**
 * The body of a header worker: answers each {@link HeaderRequest} with a
 * {@link HeaderAnswer}. A worker module calls it with its own scope.
 */
export function serveHeaders(scope: {
  addEventListener(type: 'message', listener: (event: MessageEvent<HeaderRequest>) => void): void;
  postMessage(message: HeaderAnswer): void;
}): void {
  scope.addEventListener('message', (event) => {
    const { id, file } = event.data;
    readFileHeader(file).then(
      (outcome) => scope.postMessage({ id, outcome }),
      () => scope.postMessage({ id, outcome: { kind: 'skip', reason: 'unreadable' } }),
    );
  });
}

/**
 * Reads headers in `count` workers made by `create` (files are handed over,
 * not copied). A worker that fails to start or dies hands its requests back
 * to the page, so that a page whose policy forbids workers still reads files.
 */
interface Slot {
  worker: Worker;
  pending: Map<number, (outcome: FileOutcome) => void>;
  files: Map<number, Blob>;
  dead: boolean;
}

export class WorkerHeaderReader implements HeaderReader {
  readonly #workers: Slot[] = [];
  readonly #create: () => Worker;
  readonly #count: number;
  #started = false;
  #next = 1;
  #turn = 0;

  /** The workers start with the first file, not before: a page that never reads files starts none. */
  constructor(create: () => Worker, count: number) {
    this.#create = create;
    this.#count = count;
  }

  #start(): void {
    this.#started = true;
    for (let i = 0; i < this.#count; i++) {
      let worker: Worker;
      try {
        worker = this.#create();
      } catch {
        continue;
      }
      const files = new Map<number, Blob>();
      const slot: Slot = { worker, pending: new Map(), files, dead: false };
      worker.addEventListener('message', (event: MessageEvent<HeaderAnswer>) => {
        slot.pending.get(event.data.id)?.(event.data.outcome);
        slot.pending.delete(event.data.id);
        files.delete(event.data.id);
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        slot.dead = true;
        // Whatever it had not answered is read on the page instead.
        for (const [id, resolve] of slot.pending) {
          const file = files.get(id);
          if (file) void readFileHeader(file).then(resolve);
        }
        slot.pending.clear();
      });
      this.#workers.push(slot);
    }
  }

  read(file: Blob): Promise<FileOutcome> {
    if (!this.#started) this.#start();
    const alive = this.#workers.filter((w) => !w.dead);
    if (alive.length === 0) return readFileHeader(file);
    const slot = alive[this.#turn++ % alive.length]!;
    const id = this.#next++;
    return new Promise((resolve) => {
      slot.pending.set(id, resolve);
      slot.files.set(id, file);
      slot.worker.postMessage({ id, file } satisfies HeaderRequest);
    });
  }

  close(): void {
    for (const slot of this.#workers) slot.worker.terminate();
    this.#workers.length = 0;
    this.#started = false;
  }
}
