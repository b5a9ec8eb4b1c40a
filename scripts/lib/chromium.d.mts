export const CHROMIUM_CANDIDATES: (string | undefined)[];
export function findChromium(): string | undefined;
export function chromiumArgs(mode: 'webgl' | 'no-webgl'): string[];
