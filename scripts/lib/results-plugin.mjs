// web-test-runner commands for tests of what Fovea writes: run dcmtk and
// poppler on files a test page made, and print the page with Chromium's own
// print (what a person's print dialog produces, as PDF).
// Browser side: test/helpers/files.ts.
//
// fovea-run-tool: { tool, args, files: { name: base64 } } runs `tool` (one of
//   TOOLS) in a fresh temp folder holding `files`, with `args` (names of the
//   files given as they are); answers { code, stdout, messages (stderr lines),
//   outputs: { name: base64 } } with every file the tool wrote there.
// fovea-print-page: the page as Chromium prints it (@media print, @page size),
//   as PDF: { pdf: base64 }.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** dcmtk (DICOM SR and file checks) and poppler (PDF to PNG and text): nothing else runs. */
const TOOLS = new Set(['dsrdump', 'dcmdump', 'dsr2xml', 'dcm2pdf', 'pdftoppm', 'pdftotext', 'pdfinfo']);

function run(tool, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, messages: stderr.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function resultsPlugin() {
  return {
    name: 'fovea-results',
    async executeCommand({ command, payload, session }) {
      if (command === 'fovea-run-tool') {
        const { tool, args = [], files = {} } = payload ?? {};
        if (!TOOLS.has(tool)) throw new Error(`fovea-run-tool: ${tool} is not one of ${[...TOOLS].join(', ')}`);
        const dir = await mkdtemp(join(tmpdir(), 'fovea-tool-'));
        try {
          for (const [name, base64] of Object.entries(files)) {
            if (basename(name) !== name) throw new Error(`fovea-run-tool: bad file name ${name}`);
            await writeFile(join(dir, name), Buffer.from(base64, 'base64'));
          }
          const result = await run(tool, args.map(String), dir);
          const outputs = {};
          for (const name of await readdir(dir)) {
            if (!(name in files)) outputs[name] = (await readFile(join(dir, name))).toString('base64');
          }
          return { ...result, outputs };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
      if (command === 'fovea-print-page') {
        if (session.browser.type !== 'puppeteer') throw new Error('fovea-print-page needs Chrome (puppeteer)');
        const page = session.browser.getPage(session.id);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return { pdf: Buffer.from(pdf).toString('base64') };
      }
      return undefined;
    },
  };
}
