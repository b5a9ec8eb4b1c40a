// web-test-runner commands that hand real files from the disk to a test page,
// as a person's drop or file picker would (Chrome DevTools protocol):
//
// fovea-import-media: makes the import media (scripts/lib/import-media.mjs)
//   and answers their absolute paths: { root }.
// fovea-drop-files: a real drag and drop of files or folders at a point of the
//   page (Input.dispatchDragEvent); dropped folders reach the page as directory
//   entries (webkitGetAsEntry). Payload: { paths: string[], x: number, y: number }.
// fovea-set-input-files: sets the files of an <input type=file> (DOM.setFileInputFiles
//   through puppeteer's uploadFile), found by a JavaScript expression evaluated
//   in the page. Payload: { expression: string, paths: string[] }.
import { fileURLToPath } from 'node:url';
import { makeImportMedia } from './import-media.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function filesPlugin() {
  return {
    name: 'fovea-files',
    async executeCommand({ command, payload, session }) {
      if (command === 'fovea-import-media') return { root: makeImportMedia(ROOT) };
      if (command !== 'fovea-drop-files' && command !== 'fovea-set-input-files') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command}: needs Chrome (puppeteer)`);
      const page = session.browser.getPage(session.id);
      if (command === 'fovea-set-input-files') {
        const handle = await page.evaluateHandle(payload.expression);
        const input = handle.asElement();
        if (!input) throw new Error('fovea-set-input-files: the expression found no element');
        await input.uploadFile(...payload.paths);
        return true;
      }
      const cdp = await page.createCDPSession();
      try {
        const data = { items: [], files: payload.paths, dragOperationsMask: 1 };
        for (const type of ['dragEnter', 'dragOver', 'drop']) {
          await cdp.send('Input.dispatchDragEvent', { type, x: payload.x, y: payload.y, data });
        }
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}
