/** The two themes the stories show, as `--fovea-*` token values. */
export type Theme = 'dark' | 'light';

const TOKENS: Record<Theme, Record<string, string>> = {
  dark: {
    '--fovea-color-surface': '#1b1d21',
    '--fovea-color-surface-image': '#000',
    '--fovea-viewport-text-color': '#e8e8e8',
    '--fovea-focus-ring-color': '#4c9ffe',
    background: '#1b1d21',
    color: '#e8e8e8',
  },
  light: {
    '--fovea-color-surface': '#f4f5f7',
    '--fovea-color-surface-image': '#20242a',
    '--fovea-viewport-text-color': '#fff7d6',
    '--fovea-focus-ring-color': '#0b57d0',
    background: '#f4f5f7',
    color: '#1b1d21',
  },
};

/** Inline style text setting a theme's tokens on a wrapper. */
export function themeStyles(theme: Theme): string {
  return `${Object.entries(TOKENS[theme])
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ')}; padding: 12px;`;
}
