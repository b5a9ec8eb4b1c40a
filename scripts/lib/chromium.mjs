// Finds (and on Debian as root, installs) Chromium for the browser tests.
import { existsSync } from 'node:fs';

export const CHROMIUM_CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The Chromium binary, or undefined. */
export function findChromium() {
  return CHROMIUM_CANDIDATES.find((p) => p && existsSync(p));
}

/**
 * Flags for headless Chromium here: as root it needs --no-sandbox; WebGL runs
 * on SwiftShader only when asked explicitly; background networking is off
 * because the machine has no network but the package registries.
 * @param {'webgl' | 'no-webgl'} mode
 */
export function chromiumArgs(mode) {
  const common = [
    '--headless=new',
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--hide-scrollbars',
    '--mute-audio',
  ];
  return mode === 'webgl'
    ? [...common, '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--enable-webgl', '--ignore-gpu-blocklist']
    : [...common, '--disable-gpu', '--disable-3d-apis'];
}
