import { createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  DicomSource,
  DicomWebClientOptions,
  GetAuthorization,
  QidoQuirks,
  StudySearchSource,
} from '@fovea-dicom/core';
import type { Messages } from './messages.js';
import type { KeyImageSelection } from '../results/key-images.js';

/**
 * What a composed panel (`<fovea-viewer>`) gives once to every Fovea element
 * inside it, through @lit/context. An element's own attributes and
 * properties win over it.
 */
export interface FoveaConfig {
  /** The DICOMweb client every inner element uses. */
  readonly client?: DicomSource | undefined;
  /** BCP 47 locale for dates, names and numbers. */
  readonly locale?: string | undefined;
  /** Message overrides (localisation). */
  readonly messages?: Messages | undefined;
  /** Cap of the page's decoded-image cache, in bytes. */
  readonly cacheBytes?: number | undefined;
  /** @internal The key images of the panel's study, shared by its viewports and series browser. */
  readonly keyImages?: KeyImageSelection | undefined;
}

/** Default cap of the decoded-image cache: a few CT series on an 8 GB laptop. */
export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

/** The context key; `Symbol.for` so that two copies of the library on a page still meet. */
export const foveaConfigContext = createContext<FoveaConfig | undefined>(Symbol.for('fovea.config'));

/** The element properties a client is resolved from. */
export interface ClientSource<C extends StudySearchSource = DicomSource> extends ReactiveControllerHost {
  client?: C | undefined;
  dicomwebRoot: string;
  getAuthorization?: GetAuthorization | undefined;
  quirks?: QidoQuirks | undefined;
  /** The host uses authentication: no request leaves before `getAuthorization` is set. */
  requiresAuth?: boolean;
}

/**
 * Resolves an element's client: its `client` property, else one it owns made
 * from `dicomweb-root` (+ `getAuthorization`, `quirks`), else the enclosing
 * panel's. The owned client is kept while its root and quirks stay the same,
 * so that the element's caches and in-flight work keep one identity.
 *
 * With `requires-auth`, every request of the owned client waits until the host
 * has set `getAuthorization` (hosts often set it in a script after the tag, a
 * moment after the element starts loading): no request leaves without the
 * header, and no 401 forces a token refresh on page load. The wait counts
 * against the request's timeout, which then fails as `unauthorized`.
 */
export class ClientResolver<C extends StudySearchSource = DicomSource> implements ReactiveController {
  #own: (C & { readonly root: string }) | undefined;
  #quirks: QidoQuirks | undefined;
  /** Resolves the requests waiting for `getAuthorization`. */
  #authorized: { promise: Promise<void>; resolve: () => void } | undefined;

  /**
   * `make` makes the owned client (`createDicomWebClient`, or `createQidoClient`
   * for an element that only searches): passed in, so that an element's bundle
   * holds only the client it uses.
   */
  constructor(
    private readonly host: ClientSource<C>,
    private readonly config: () => FoveaConfig | undefined,
    private readonly make: (options: DicomWebClientOptions) => C & { readonly root: string },
  ) {
    host.addController(this);
  }

  /** Lets waiting requests go once the host has set its callback (property sets update the element). */
  hostUpdate(): void {
    if (this.host.getAuthorization) this.#release();
  }

  get client(): C | undefined {
    const { host } = this;
    if (host.client) return host.client;
    // A panel's client is a DicomSource: every kind of source an element takes.
    if (!host.dicomwebRoot) return this.config()?.client as C | undefined;
    if (this.#own?.root !== host.dicomwebRoot.replace(/\/+$/, '') || this.#quirks !== host.quirks) {
      this.#quirks = host.quirks;
      this.#own = this.make({
        root: host.dicomwebRoot,
        ...(host.quirks ? { quirks: host.quirks } : {}),
        getAuthorization: async (context) => (await this.#callback())?.(context),
      });
    }
    return this.#own;
  }

  /** The host's callback; with `requires-auth`, once there is one. */
  async #callback(): Promise<GetAuthorization | undefined> {
    const { host } = this;
    if (host.getAuthorization || !host.requiresAuth) return host.getAuthorization;
    if (!this.#authorized) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.#authorized = { promise, resolve };
    }
    await this.#authorized.promise;
    return this.#callback();
  }

  #release(): void {
    this.#authorized?.resolve();
    this.#authorized = undefined;
  }
}

/** The host's messages over the panel's. */
export function mergedMessages(own: Messages, config: FoveaConfig | undefined): Messages {
  return config?.messages ? { ...config.messages, ...own } : own;
}
