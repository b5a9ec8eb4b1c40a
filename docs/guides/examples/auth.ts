// docs/guides/authentication.md: one token callback for every request, refresh on 401,
// and reusing a SMART on FHIR launch token.
import { createDicomWebClient, type GetAuthorization } from '@fovea-dicom/core';
import '@fovea-dicom/elements';

/** Your token source: `forceRefresh` is true after the server answered 401 to the last token. */
interface TokenSource {
  get(options: { forceRefresh: boolean }): Promise<string>;
}

/** An OAuth bearer token: called before every QIDO, metadata and frame request. */
export function bearer(tokens: TokenSource): GetAuthorization {
  return async ({ forceRefresh }) => `Bearer ${await tokens.get({ forceRefresh })}`;
}

/** Caches a token until it expires, fetching a fresh one when the server refused it. */
export function cachedTokens(fetchToken: () => Promise<{ token: string; expiresIn: number }>): TokenSource {
  let current: { token: string; expires: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    async get({ forceRefresh }) {
      if (!forceRefresh && current && current.expires > Date.now() + 30_000) return current.token;
      pending ??= fetchToken()
        .then(({ token, expiresIn }) => {
          current = { token, expires: Date.now() + expiresIn * 1000 };
          return token;
        })
        .finally(() => (pending = undefined));
      return pending;
    },
  };
}

/**
 * SMART on FHIR: the EHR launched the app and the app exchanged the launch code
 * for a token (e.g. with fhirclient's `FHIR.oauth2.ready()`); reuse its access
 * token when the imaging server trusts the same authorisation server.
 */
export interface SmartClient {
  state: { tokenResponse?: { access_token?: string } };
  refresh(): Promise<unknown>;
}

export function smartAuthorization(smart: SmartClient): GetAuthorization {
  return async ({ forceRefresh }) => {
    if (forceRefresh) await smart.refresh();
    const token = smart.state.tokenResponse?.access_token;
    return token ? `Bearer ${token}` : undefined;
  };
}

// On an element:
const viewport = document.querySelector('fovea-viewport');
if (viewport) {
  viewport.getAuthorization = bearer(
    cachedTokens(async () => {
      const res = await fetch('/session/imaging-token', { credentials: 'same-origin' });
      return (await res.json()) as { token: string; expiresIn: number };
    }),
  );
}

// Or on a client that several elements share:
export const client = createDicomWebClient({
  root: 'https://pacs.example.org/dicom-web',
  getAuthorization: async ({ forceRefresh }) => `Bearer ${await refreshableToken(forceRefresh)}`,
});
declare function refreshableToken(forceRefresh: boolean): Promise<string>;
