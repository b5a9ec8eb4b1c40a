import { createContext } from '@lit/context';
import {
  createDicomWebClient,
  type DicomSource,
  type DicomWebClient,
  type GetAuthorization,
  type QidoQuirks,
} from '@fovea-dicom/core';
import type { Messages } from './messages.js';

/**
 * What a composed panel (`<fovea-viewer>`) gives once to every Fovea element
 * inside it, through @lit/context. An element's own attributes and
 * properties win over it.
 */
export interface FoveaConfig {
  /** The DICOMweb client (or another source, e.g. local files) every inner element uses. */
  readonly client?: DicomSource | undefined;
  /** BCP 47 locale for dates, names and numbers. */
  readonly locale?: string | undefined;
  /** Message overrides (localisation). */
  readonly messages?: Messages | undefined;
  /** Cap of the page's decoded-image cache, in bytes. */
  readonly cacheBytes?: number | undefined;
}

/** Default cap of the decoded-image cache: a few CT series on an 8 GB laptop. */
export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

/** The context key; `Symbol.for` so that two copies of the library on a page still meet. */
export const foveaConfigContext = createContext<FoveaConfig | undefined>(Symbol.for('fovea.config'));

/** The element properties a client is resolved from. */
export interface ClientSource {
  client?: DicomSource | undefined;
  dicomwebRoot: string;
  getAuthorization?: GetAuthorization | undefined;
  quirks?: QidoQuirks | undefined;
}

/**
 * Resolves an element's client: its `client` property, else one it owns made
 * from `dicomweb-root` (+ `getAuthorization`, `quirks`), else the enclosing
 * panel's. The owned client is kept while its root and quirks stay the same,
 * so that the element's caches and in-flight work keep one identity.
 */
export class ClientResolver {
  #own: DicomWebClient | undefined;
  #quirks: QidoQuirks | undefined;

  constructor(
    private readonly host: ClientSource,
    private readonly config: () => FoveaConfig | undefined,
  ) {}

  get client(): DicomSource | undefined {
    const { host } = this;
    if (host.client) return host.client;
    if (!host.dicomwebRoot) return this.config()?.client;
    if (this.#own?.root !== host.dicomwebRoot.replace(/\/+$/, '') || this.#quirks !== host.quirks) {
      this.#quirks = host.quirks;
      this.#own = createDicomWebClient({
        root: host.dicomwebRoot,
        ...(host.quirks ? { quirks: host.quirks } : {}),
        getAuthorization: (context) => host.getAuthorization?.(context),
      });
    }
    return this.#own;
  }
}

/** The host's messages over the panel's. */
export function mergedMessages(own: Messages, config: FoveaConfig | undefined): Messages {
  return config?.messages ? { ...config.messages, ...own } : own;
}
