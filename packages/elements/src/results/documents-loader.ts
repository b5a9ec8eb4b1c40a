// The one place that imports the documents module (SR and KOS writers and
// readers), lazily and once per page; a failed import is tried again.

import type * as DocumentsModule from './documents.js';

type Documents = typeof DocumentsModule;

let documents: Promise<Documents> | undefined;

/** The documents module, imported on first use. */
export function loadDocuments(): Promise<Documents> {
  const loading = (documents ??= import('./documents.js'));
  loading.catch(() => {
    if (documents === loading) documents = undefined;
  });
  return loading;
}
