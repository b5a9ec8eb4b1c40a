// Autodocs from the custom elements manifest (attributes, properties, events,
// slots, parts, CSS properties), every Fovea event in the Actions panel, and a
// theme switch (dark / light) that sets Fovea's `--fovea-*` tokens around every story.
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { action } from 'storybook/actions';
import { html } from 'lit';
import manifest from '@fovea-dicom/elements/custom-elements.json';
import { themeStyles, type Theme } from '../stories/support/themes.ts';

/** TSDoc links read as code in the docs pages: `{@link ImageChangeDetail}` → `ImageChangeDetail`. */
function withoutLinks<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(
      /\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|\s*([^}]+))?\}/g,
      (_, target: string, label?: string) => (label ? label.trim() : `\`${target}\``),
    ) as T;
  if (Array.isArray(value)) return value.map(withoutLinks) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutLinks(v)])) as T;
  return value;
}

setCustomElementsManifest(withoutLinks(manifest));

/** Every event any element fires (`@fires` in the manifest): the Actions panel logs them all, in every story. */
const FOVEA_EVENTS = [
  ...new Set(
    manifest.modules.flatMap((m) =>
      ('declarations' in m ? m.declarations : []).flatMap((d) =>
        'events' in d && Array.isArray(d.events) ? d.events.map((e: { name: string }) => e.name) : [],
      ),
    ),
  ),
].sort();

let detachActions: (() => void) | undefined;

/**
 * Logs every Fovea event in the Actions panel from the story's first render.
 * Storybook's `withActions` attaches its listeners in an effect, after the story
 * has rendered: an element that answers fast (a replayed search, an error) has
 * fired by then. These are on the story root before the story renders.
 */
const withFoveaActions: Decorator = (story) => {
  detachActions?.();
  detachActions = undefined;
  const root = document.getElementById('storybook-root');
  if (root) {
    const handlers = FOVEA_EVENTS.map((name) => [name, action(name)] as const);
    for (const [name, handler] of handlers) root.addEventListener(name, handler);
    detachActions = () => handlers.forEach(([name, handler]) => root.removeEventListener(name, handler));
  }
  return story();
};

const withTheme: Decorator = (story, context) => {
  const theme: Theme = context.globals['theme'] === 'light' ? 'light' : 'dark';
  return html`<div class="fovea-story" data-theme=${theme} style=${themeStyles(theme)}>${story()}</div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withFoveaActions, withTheme],
  globalTypes: {
    theme: {
      description: 'Fovea theme tokens',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['dark', 'light'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'dark' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
    docs: { story: { inline: true, height: '360px' } },
  },
};

export default preview;
