import { FoveaImport } from './import/import.js';

export { FoveaImport };
export type { ImportStatus, SkippedCount } from './import/import.js';
export type {
  FoveaImportCompleteEvent,
  FoveaImportProgressEvent,
  FoveaImportScanEvent,
  ImportCompleteDetail,
  ImportProgressDetail,
  ImportScanDetail,
} from './import/import-events.js';
export { defaultImportMessages, type ImportMessageId, type ImportMessages } from './import/import.messages.js';
export { LocalStorageJournal } from './import/journal.js';

if (!customElements.get('fovea-import')) customElements.define('fovea-import', FoveaImport);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-import': FoveaImport;
  }
}
