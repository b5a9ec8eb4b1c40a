// The bench table (stdout) and the target verdicts (also stored in latest.json).
import { tarballLines } from '../tarballs.mjs';

const PEERS = ['cornerstone', 'dwv'];
export const TARGETS = {
  ttfiVsFloor: 1.25,
  stackVsFloor: 0.8,
  scrollP95Ms: 16.7,
  studyListGzipBytes: 25_000,
  elementsTarballBytes: 3_000_000,
};
/**
 * Frame timestamps are frame-aligned but rounded (to 0.1 ms): one image every
 * 16.67 ms frame reads 16.6-16.8 ms, and the floor's p95 is 16.8 ms in every
 * run. The target is one image per frame, so 16.8 ms meets it.
 */
const FRAME_SLACK_MS = 0.15;

const ms = (v) => (v === undefined || v === null ? '-' : v >= 100 ? `${Math.round(v)}` : v.toFixed(1));
const mib = (v) => (v === undefined || v === null ? '-' : (v / 2 ** 20).toFixed(1));
const kb = (v) => (v === undefined || v === null ? '-' : (v / 1000).toFixed(1));
const x = (a, b) => (a === undefined || b === undefined || !b ? '' : `${(a / b).toFixed(2)}x`);

function get(page, path) {
  let v = page;
  for (const k of path) v = v?.[k];
  return v;
}

/** Verdicts of Fovea against the targets, per syntax. */
export function evaluateTargets(results) {
  const out = {};
  for (const [syntax, s] of Object.entries(results.series)) {
    const f = s.pages.fovea;
    const floor = s.pages.floor;
    if (!f?.summary) continue;
    const t = {};
    const fTtfi = f.summary.ttfi?.median;
    const floorTtfi = floor?.summary?.ttfi?.median;
    const peers = PEERS.filter((p) => s.pages[p]?.summary).map((p) => ({
      name: p,
      ttfi: s.pages[p].summary.ttfi.median,
    }));
    t.ttfi = {
      fovea: fTtfi,
      floor: floorTtfi,
      ratioToFloor: floorTtfi ? fTtfi / floorTtfi : undefined,
      peers: Object.fromEntries(peers.map((p) => [p.name, p.ttfi])),
      unsupportedPeers: PEERS.filter((p) => s.pages[p]?.unsupported),
    };
    t.ttfi.met =
      t.ttfi.ratioToFloor !== undefined &&
      t.ttfi.ratioToFloor <= TARGETS.ttfiVsFloor &&
      peers.every((p) => fTtfi <= p.ttfi);
    // Ready: the first fovea-image-change (and the pixels); the floor and the peers are ready at their pixels.
    const fReady = f.summary.ready?.median;
    const floorReady = floor?.summary?.ready?.median ?? floorTtfi;
    t.ready = { fovea: fReady, floor: floorReady, ratioToFloor: floorReady ? fReady / floorReady : undefined };
    t.ready.met =
      t.ready.ratioToFloor !== undefined &&
      t.ready.ratioToFloor <= TARGETS.ttfiVsFloor &&
      peers.every((p) => fReady <= p.ttfi);
    const fIps = f.summary.imagesPerSecond?.median;
    const floorIps = floor?.summary?.imagesPerSecond?.median;
    t.stack = { fovea: fIps, floor: floorIps, ratioToFloor: floorIps ? fIps / floorIps : undefined };
    t.stack.met = t.stack.ratioToFloor !== undefined && t.stack.ratioToFloor >= TARGETS.stackVsFloor;
    const p95 = f.warm?.scroll?.interval?.p95;
    t.scroll = { p95, met: p95 !== undefined && p95 <= TARGETS.scrollP95Ms + FRAME_SLACK_MS };
    out[syntax] = t;
  }
  const sl = results.studyList?.jsGzip;
  out.studyList = { jsGzip: sl, met: sl !== undefined && sl < TARGETS.studyListGzipBytes };
  const packed = results.tarballs?.['@fovea-dicom/elements']?.packed;
  out.elementsTarball = { packed, met: packed !== undefined && packed < TARGETS.elementsTarballBytes };
  return out;
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padEnd(n) : s.padStart(n);
}

export function printReport(results) {
  const lines = [];
  const m = results.machine;
  lines.push('');
  lines.push(`Fovea bench, ${results.date}`);
  lines.push(
    `${m.cpuModel}, ${m.nproc} cores, ${m.memoryGiB} GiB, load average ${m.loadAverageAtStart?.[0]} at start, ${m.loadAverageAtEnd?.[0]} at end; Node ${m.node}`,
  );
  lines.push(`${m.chromium} (--chromium ${results.options.chromium}); WebGL: ${m.webgl?.renderer ?? 'off'}`);
  const f = results.fovea;
  lines.push(
    `Fovea: ${f.standalone} built ${f.builtAt}${f.sourcesNewerThanBuild ? ' (OLDER than its sources)' : ''}${f.minified ? '' : ' (NOT minified)'}, commit ${f.commit}${f.sourcesDirty ? ` + uncommitted changes in ${f.dirtyFiles.length} source file(s)` : ''}`,
  );
  lines.push(
    `${results.options.runs} cold runs per page (new browser context, cache disabled)${results.options.throttle ? `, network throttled to ${results.options.throttle.mbits} Mbit/s and ${results.options.throttle.latencyMs} ms latency` : ''}; ratios in brackets are to the floor`,
  );
  const targets = results.targets ?? evaluateTargets(results);

  for (const [syntax, s] of Object.entries(results.series)) {
    const names = Object.keys(s.pages);
    const rows = [
      ['Time to first image, median (ms)', ['summary', 'ttfi', 'median'], ms, 'lower'],
      ['  p95 (ms)', ['summary', 'ttfi', 'p95'], ms, 'lower'],
      ['Ready (first fovea-image-change), median (ms)', ['summary', 'ready', 'median'], ms, 'lower'],
      ['  p95 (ms)', ['summary', 'ready', 'p95'], ms, 'lower'],
      ['  from navigation, median (ms)', ['summary', 'fromNavigation', 'median'], ms, 'lower'],
      ['  first pixel request sent at, median (ms)', ['summary', 'firstFrameRequest', 'median'], ms, 'lower'],
      ['Whole stack decoded, median (ms)', ['summary', 'stack', 'median'], ms, 'lower'],
      ['  images/s, median', ['summary', 'imagesPerSecond', 'median'], ms, 'higher'],
      ['Scroll, ms per drawn image, median', ['warm', 'scroll', 'interval', 'median'], ms, 'lower'],
      ['  p95', ['warm', 'scroll', 'interval', 'p95'], ms, 'lower'],
      [
        '  images drawn (one asked per frame)',
        ['warm', 'scroll', 'rendered'],
        (v) => (v === undefined ? '-' : String(v)),
        'higher',
      ],
      ['  request-to-pixels latency, median', ['warm', 'scroll', 'latency', 'median'], ms, 'lower'],
      ['JS heap after load (MiB)', ['warm', 'heapAfterLoad'], mib, 'lower'],
      ['Decoded cache after load (MiB)', ['warm', 'cacheAfterLoad'], mib, 'lower'],
      [`JS heap after ${results.options.cycles} mount/unmount (MiB)`, ['warm', 'heapAfterCycles'], mib, 'lower'],
      [`Decoded cache after ${results.options.cycles} cycles (MiB)`, ['warm', 'cacheAfterCycles'], mib, 'lower'],
      ['  JS heap growth per cycle, 2..N (kB)', ['warm', 'heapGrowthPerCycle'], kb, 'lower'],
      ['JS gzip before any image (kB)', ['summary', 'bundle', 'beforeImage', 'jsGzip'], kb, 'lower'],
      [
        'JS gzip up to the first image (kB)',
        (p) => {
          const b = p.summary?.bundle;
          return b ? b.beforeImage.jsGzip + b.firstImage.jsGzip : undefined;
        },
        kb,
        'lower',
      ],
      [
        '  + wasm gzip by the first image (kB)',
        (p) => {
          const b = p.summary?.bundle;
          return b ? b.beforeImage.wasmGzip + b.firstImage.wasmGzip : undefined;
        },
        kb,
        'lower',
      ],
    ];
    const w0 = 40;
    const w = 18;
    lines.push('');
    lines.push(`CT, ${s.instances} x 512x512, ${syntax} (${s.transferSyntaxUid})`);
    const base = names.includes('fovea-base');
    lines.push(
      pad('', w0, true) +
        names.map((n) => pad(n, w)).join('') +
        pad('fovea/cs', 10) +
        pad('fovea/dwv', 10) +
        (base ? pad('fovea/base', 11) : ''),
    );
    for (const [label, path, fmt] of rows) {
      const value = (n) => {
        const p = s.pages[n];
        if (!p || p.unsupported) return undefined;
        return typeof path === 'function' ? path(p) : get(p, path);
      };
      const floorV = value('floor');
      const cells = names.map((n) => {
        const p = s.pages[n];
        if (p?.unsupported) return pad('n/a', w);
        const v = value(n);
        const ratio = n !== 'floor' && floorV !== undefined && v !== undefined ? ` (${x(v, floorV)})` : '';
        return pad(`${fmt(v)}${ratio}`, w);
      });
      const fv = value('fovea');
      lines.push(
        pad(label, w0, true) +
          cells.join('') +
          pad(x(fv, value('cornerstone')), 10) +
          pad(x(fv, value('dwv')), 10) +
          (base ? pad(x(fv, value('fovea-base')), 11) : ''),
      );
    }
    for (const n of names) {
      if (s.pages[n]?.unsupported) lines.push(`  ${n}: cannot show this series: ${s.pages[n].unsupported}`);
    }
    const t = targets[syntax];
    if (t) {
      lines.push('Targets (Fovea):');
      lines.push(
        `  time to first image <= ${TARGETS.ttfiVsFloor}x floor and <= every peer: ${t.ttfi.met ? 'MET' : 'MISSED'} (${x(t.ttfi.fovea, t.ttfi.floor)} floor${Object.entries(
          t.ttfi.peers,
        )
          .map(([k, v]) => `, ${x(t.ttfi.fovea, v)} ${k}`)
          .join('')}${t.ttfi.unsupportedPeers.length ? `; ${t.ttfi.unsupportedPeers.join(', ')} cannot show it` : ''})`,
      );
      lines.push(
        `  ready (first fovea-image-change) <= ${TARGETS.ttfiVsFloor}x floor's pixels and <= every peer's: ${t.ready.met ? 'MET' : 'MISSED'} (${x(t.ready.fovea, t.ready.floor)} floor)`,
      );
      lines.push(
        `  whole-stack throughput >= ${TARGETS.stackVsFloor}x floor: ${t.stack.met ? 'MET' : 'MISSED'} (${x(t.stack.fovea, t.stack.floor)})`,
      );
      lines.push(
        `  scroll p95 <= ${TARGETS.scrollP95Ms} ms per image: ${t.scroll.met ? 'MET' : 'MISSED'} (${ms(t.scroll.p95)} ms)`,
      );
    }
  }
  const sl = results.studyList;
  if (sl) {
    lines.push('');
    lines.push(
      `Study-list page (<fovea-study-list> from its own entry with @fovea-dicom/core and lit, ${sl.rows} rows): ${kb(sl.jsGzip)} kB gzip JS (${kb(sl.jsRaw)} kB minified); target < ${kb(TARGETS.studyListGzipBytes)} kB: ${targets.studyList.met ? 'MET' : 'MISSED'}`,
    );
  }
  if (results.tarballs) {
    lines.push('');
    lines.push('Tarballs (pnpm pack of the built packages):');
    lines.push(...tarballLines(results.tarballs));
    lines.push(
      `  target @fovea-dicom/elements < ${TARGETS.elementsTarballBytes / 1e6} MB packed: ${targets.elementsTarball.met ? 'MET' : 'MISSED'}`,
    );
  }
  if (results.orthancRestarts) lines.push(`Orthanc restarted ${results.orthancRestarts} time(s) during the run.`);
  const errs = Object.entries(results.pageErrors ?? {});
  if (errs.length) {
    lines.push('Page errors seen (first of each):');
    for (const [k, v] of errs) lines.push(`  ${k}: ${v.length} x ${v[0]}`);
  }
  console.log(lines.join('\n'));
}
