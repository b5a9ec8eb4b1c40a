// Loads a QIDO-RS study search page by page (limit / offset through the
// client's iterator, which respects a server's maxLimit), cancelling the
// previous search whenever a new one starts.
import { isAbortError, type StudySearchSource, type Study } from '@fovea-dicom/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { withinBounds, type PlannedQuery } from './query.js';

/** Where a search stands. */
export type PagerStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Attributes the list asks for beyond QIDO's required study attributes. */
const INCLUDE_FIELDS = [
  'StudyDescription',
  'ModalitiesInStudy',
  'NumberOfStudyRelatedSeries',
  'NumberOfStudyRelatedInstances',
];

interface Search {
  iterator: AsyncGenerator<Study>;
  controller: AbortController;
  plan: PlannedQuery;
  pageSize: number;
  pending: Promise<void> | undefined;
}

/** Pages through the studies of one query; a new {@link start} aborts the previous search. */
export class StudyPager implements ReactiveController {
  /** Studies loaded so far, in server order. Replaced (not mutated) on every page. */
  rows: readonly Study[] = [];
  status: PagerStatus = 'idle';
  /** True once the server has no further page. */
  done = false;
  /** True while a page after the first is loading. */
  loadingMore = false;
  /** The error of the last failed page, while `status` is `error`. */
  error: unknown;

  readonly #host: ReactiveControllerHost;
  readonly #onError: (error: unknown) => void;
  #search: Search | undefined;

  constructor(host: ReactiveControllerHost, onError: (error: unknown) => void) {
    this.#host = host;
    this.#onError = onError;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Aborts the running search and forgets its rows. */
  cancel(): void {
    this.#search?.controller.abort();
    this.#search = undefined;
    this.rows = [];
    this.done = false;
    this.loadingMore = false;
    this.status = 'idle';
    this.#host.requestUpdate();
  }

  /** Aborts the running search and shows the list as loading while the next one is prepared. */
  prepare(): void {
    this.cancel();
    this.status = 'loading';
  }

  /** Starts a search and loads its first page. */
  start(client: StudySearchSource, plan: PlannedQuery, pageSize: number): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    const size = Math.max(1, Math.floor(pageSize));
    this.#search = {
      iterator: client.iterateStudies(plan.query, {
        pageSize: size,
        includefield: INCLUDE_FIELDS,
        signal: controller.signal,
      }),
      controller,
      plan,
      pageSize: size,
      pending: undefined,
    };
    this.status = 'loading';
    return this.more();
  }

  /** Loads the next page unless one is loading or the last was loaded. */
  more(): Promise<void> {
    const search = this.#search;
    if (!search || this.done || this.status === 'error') return Promise.resolve();
    search.pending ??= this.#page(search).finally(() => {
      search.pending = undefined;
    });
    return search.pending;
  }

  /** Loads every remaining page (End key); stops early when the search is replaced or fails. */
  async all(): Promise<void> {
    const search = this.#search;
    while (search && this.#search === search && !this.done && this.status !== 'error') await this.more();
  }

  async #page(search: Search): Promise<void> {
    const found: Study[] = [];
    if (this.rows.length > 0) this.loadingMore = true;
    this.#host.requestUpdate();
    try {
      let taken = 0;
      let finished = false;
      // The n most recent need every study first: QIDO-RS has no sort.
      const recent = search.plan.mostRecent;
      while (recent !== undefined || taken < search.pageSize) {
        const next = await search.iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        taken++;
        if (withinBounds(next.value, search.plan)) found.push(next.value);
      }
      if (this.#search !== search) return;
      this.rows = recent !== undefined ? recent.select(found) : [...this.rows, ...found];
      this.done = finished;
      this.status = 'ready';
      this.error = undefined;
    } catch (error) {
      if (this.#search !== search || search.controller.signal.aborted || isAbortError(error)) return;
      this.status = 'error';
      this.error = error;
      this.#onError(error);
    } finally {
      if (this.#search === search) {
        this.loadingMore = false;
        this.#host.requestUpdate();
      }
    }
  }
}
