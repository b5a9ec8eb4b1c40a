// Autodocs from the custom elements manifest (attributes, properties, events,
// slots, parts, CSS properties), and a theme switch (dark / light) that sets
// Fovea's `--fovea-*` tokens around every story.
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../packages/elements/custom-elements.json';
import { themeStyles, type Theme } from '../stories/support/themes.ts';

setCustomElementsManifest(manifest);

const withTheme: Decorator = (story, context) => {
  const theme: Theme = context.globals['theme'] === 'light' ? 'light' : 'dark';
  return html`<div class="fovea-story" data-theme=${theme} style=${themeStyles(theme)}>${story()}</div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withTheme],
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
