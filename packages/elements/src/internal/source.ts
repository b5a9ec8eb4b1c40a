import { ContextConsumer } from '@lit/context';
import type { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DicomWebClientOptions, GetAuthorization, QidoQuirks, StudySearchSource } from '@fovea-dicom/core';
import { emit, type ErrorDetail } from '../events.js';
import { ClientResolver, foveaConfigContext, mergedMessages, type FoveaConfig } from './config.js';
import { errorDetail } from './errors.js';
import type { MessageId, Messages } from './messages.js';

/** What an element adds to the detail of a `fovea-error` it reports. */
export interface ReportedError extends Partial<Pick<ErrorDetail, 'code' | 'image' | 'series'>> {
  /** The message to show instead of the one the error's code names. */
  messageId?: MessageId | undefined;
}

/** How an element takes part in a panel. */
export interface SourceOptions {
  /**
   * Take the client, locale and messages of an enclosing `<fovea-viewer>`
   * (default true). False for the panel itself, and for an element whose
   * source the host must name.
   */
  readonly consume?: boolean;
}

/**
 * The public face of {@link DicomWebSourceMixin}, for TypeScript: a mixin's
 * class expression cannot be named in declarations.
 */
export declare class DicomWebSourceElement<C extends StudySearchSource> {
  dicomwebRoot: string;
  client: C | undefined;
  getAuthorization: GetAuthorization | undefined;
  requiresAuth: boolean;
  quirks: QidoQuirks | undefined;
  locale: string | undefined;
  messages: Messages;
  get activeClient(): C | undefined;
  get effectiveLocale(): string | undefined;
  get effectiveMessages(): Messages;
  /** The enclosing panel's configuration (for a panel: what it gives). */
  protected config: FoveaConfig | undefined;
  /** Emits `fovea-error` for `error`, localised with the messages in use. */
  protected reportError(error: unknown, extra?: ReportedError): void;
}

/** Makes the client an element owns for its `dicomweb-root`. */
export type ClientMaker<C extends StudySearchSource> = (
  options: DicomWebClientOptions,
) => C & { readonly root: string };

/**
 * `make` as the maker of a wider kind of client: an element whose `client`
 * takes any `C` (say a `DicomSource`) while it makes a `DicomWebClient` itself.
 */
export function clientMaker<C extends StudySearchSource>(make: ClientMaker<C>): ClientMaker<C> {
  return make;
}

// A mixin's base constructor takes whatever its base takes (TypeScript's mixin rule).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T> = new (...args: any[]) => T;

/**
 * The DICOMweb source of an element, declared once: its properties (service
 * root, client, authorization, quirks, locale, messages), the configuration of
 * an enclosing `<fovea-viewer>`, the client resolved from them
 * ({@link ClientResolver}), and the one path by which the element reports a
 * failure to its host (`fovea-error`, localised, with the same detail shape
 * everywhere).
 *
 * `make` makes the client owned for `dicomweb-root` (`createDicomWebClient`,
 * or `createQidoClient` for an element that only searches): passed in, so
 * that an element's bundle holds only the client it uses.
 */
export function DicomWebSourceMixin<C extends StudySearchSource, T extends Constructor<LitElement>>(
  superClass: T,
  make: ClientMaker<C>,
  options: SourceOptions = {},
) {
  const consumes = options.consume ?? true;

  class DicomWebSource extends superClass {
    /** DICOMweb service root; used when no `client` is given. */
    @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

    /** A ready DICOMweb client (takes precedence over `dicomweb-root`). */
    @property({ attribute: false }) client: C | undefined;

    /** Supplies the Authorization header for every request of the client made from `dicomweb-root`. */
    @property({ attribute: false }) getAuthorization: GetAuthorization | undefined;

    /**
     * This host uses authentication: no request leaves before `getAuthorization`
     * is set, so a callback set by a script after the tag is there for the first request.
     */
    @property({ type: Boolean, attribute: 'requires-auth' }) requiresAuth = false;

    /** The server's QIDO deviations (with `dicomweb-root`); `noPercentDecoding` is found out by a probe when not given. */
    @property({ attribute: false }) quirks: QidoQuirks | undefined;

    /** Locale for dates, numbers and names: the page's by default; a viewer's reaches the elements inside it. */
    @property() locale: string | undefined;

    /** Replacement UI strings (localisation); a viewer's reach the elements inside it, whose own win. */
    @property({ attribute: false }) messages: Messages = {};

    /** Configuration given by an enclosing `<fovea-viewer>` (client, locale, messages, cache cap). */
    @state() protected config: FoveaConfig | undefined;

    readonly #panel = consumes
      ? new ContextConsumer(this, {
          context: foveaConfigContext,
          subscribe: true,
          callback: (config) => (this.config = config),
        })
      : undefined;

    readonly #clients = new ClientResolver<C>(this, () => this.#panelConfig(), make);

    /** The panel's configuration; none for an element that does not take part in one. */
    #panelConfig(): FoveaConfig | undefined {
      return this.#panel ? this.config : undefined;
    }

    /** The client in use: `client`, else one made from `dicomweb-root` and `quirks`, else the enclosing viewer's. */
    get activeClient(): C | undefined {
      return this.#clients.client;
    }

    /** The locale in use: `locale`, else the enclosing viewer's. */
    get effectiveLocale(): string | undefined {
      return this.locale ?? this.#panelConfig()?.locale;
    }

    /** The messages in use: `messages` over the enclosing viewer's. */
    get effectiveMessages(): Messages {
      return mergedMessages(this.messages, this.#panelConfig());
    }

    /** Emits `fovea-error` for `error`, localised with the messages in use. */
    protected reportError(error: unknown, extra: ReportedError = {}): void {
      const detail = errorDetail(error, this.effectiveMessages, extra.messageId);
      if (extra.code) detail.code = extra.code;
      if (extra.image) detail.image = extra.image;
      if (extra.series) detail.series = extra.series;
      emit(this, 'fovea-error', detail);
    }
  }
  return DicomWebSource as unknown as Constructor<DicomWebSourceElement<C>> & T;
}
