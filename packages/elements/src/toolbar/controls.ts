// The toolbar's vocabulary (its items and their shortcuts) and its controls:
// a button per item (pressed, disabled and mouse-button state read from the
// viewport) and the window presets menu.
import { html, nothing, type TemplateResult } from 'lit';
import { addDefaultMessages, message, type Messages } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import { TOOL_NAMES, TOOLS, type ToolName } from '../model/tools.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import { icon } from './icons.js';

addDefaultMessages(VIEWING_MESSAGES);

/** What a toolbar button does: pick a tool, or act on the viewport. */
export type ToolbarAction =
  'invert' | 'rotate' | 'flipHorizontal' | 'flipVertical' | 'reset' | 'presets' | 'cine' | 'keyImage' | 'report';

/** A toolbar item. */
export type ToolbarItem = ToolName | ToolbarAction;

/** Every item, in the default order. */
export const DEFAULT_TOOLBAR_ITEMS: readonly ToolbarItem[] = Object.freeze([
  ...TOOL_NAMES,
  'invert',
  'rotate',
  'flipHorizontal',
  'flipVertical',
  'presets',
  'cine',
  'keyImage',
  'report',
  'reset',
]);

/** Keyboard shortcuts (lower-case `KeyboardEvent.key`); digits 1 to 9 apply the n-th window preset. */
export const TOOLBAR_SHORTCUTS: Readonly<Record<ToolbarItem, string>> = Object.freeze({
  ...(Object.fromEntries(TOOL_NAMES.map((name) => [name, TOOLS[name].shortcut])) as Record<ToolName, string>),
  invert: 'i',
  rotate: 'o',
  flipHorizontal: 'h',
  flipVertical: 'f',
  presets: 'm',
  cine: 'c',
  keyImage: 'k',
  report: 'n',
  reset: '0',
});

export const isTool = (item: ToolbarItem): item is ToolName => (TOOL_NAMES as readonly string[]).includes(item);

/** A window preset as the menu offers it. */
export interface MenuPreset {
  label: string;
  apply(viewport: FoveaViewport): void;
}

/** What a button shows besides its item, and what it calls. */
export interface ButtonState {
  readonly viewport: FoveaViewport | undefined;
  readonly label: string;
  readonly shortcuts: boolean;
  readonly menuOpen: boolean;
  readonly onActivate: (item: ToolbarItem) => void;
  readonly onMouse: (item: ToolbarItem, event: MouseEvent) => void;
}

/** What the presets menu needs besides its presets. */
export interface MenuState {
  readonly messages: Messages;
  readonly shortcuts: boolean;
  readonly onApply: (index: number) => void;
}

export function buttonTemplate(item: ToolbarItem, state: ButtonState): TemplateResult {
  const { viewport, label, shortcuts } = state;
  const tools = viewport?.activeTools ?? {};
  const key = TOOLBAR_SHORTCUTS[item];
  let pressed: boolean | undefined;
  let binding = '';
  if (isTool(item)) {
    pressed = tools.primary === item;
    binding = tools.secondary === item ? 'R' : tools.middle === item ? 'M' : '';
  } else if (item === 'invert') pressed = viewport?.invert ?? false;
  else if (item === 'flipHorizontal') pressed = viewport?.flipHorizontal ?? false;
  else if (item === 'flipVertical') pressed = viewport?.flipVertical ?? false;
  else if (item === 'cine') pressed = viewport?.playing ?? false;
  else if (item === 'keyImage') pressed = viewport && viewport.imageCount > 0 ? viewport.isKeyImage() : false;
  const disabled =
    !viewport ||
    (item === 'cine' && viewport.imageCount < 2) ||
    (item === 'keyImage' && viewport.imageCount === 0) ||
    (item === 'report' && viewport.foundReports.length === 0);
  const parts = ['button', isTool(item) ? 'tool' : 'action', pressed ? 'active' : ''].join(' ').trim();
  return html`<button
    type="button"
    part=${parts}
    data-item=${item}
    tabindex="-1"
    title=${shortcuts ? `${label} (${key.toUpperCase()})` : label}
    aria-keyshortcuts=${shortcuts ? key.toUpperCase() : nothing}
    aria-pressed=${pressed === undefined ? nothing : String(pressed)}
    aria-disabled=${disabled ? 'true' : nothing}
    aria-haspopup=${item === 'presets' ? 'menu' : nothing}
    aria-expanded=${item === 'presets' ? String(state.menuOpen) : nothing}
    aria-controls=${item === 'presets' ? 'presets-menu' : nothing}
    @click=${() => !disabled && state.onActivate(item)}
    @contextmenu=${(e: MouseEvent) => state.onMouse(item, e)}
    @auxclick=${(e: MouseEvent) => state.onMouse(item, e)}
  >
    ${icon(item, label, item === 'cine' && pressed)}${
      binding ? html`<span part="binding" aria-hidden="true">${binding}</span>` : nothing
    }
  </button>`;
}

export function menuTemplate(presets: readonly MenuPreset[], state: MenuState): TemplateResult {
  const { messages, shortcuts } = state;
  return html`<div part="menu" id="presets-menu" role="menu" aria-label=${message('toolbar.presetsMenu', {}, messages)}>
    ${
      presets.length === 0
        ? html`<div role="menuitem" part="menuitem" tabindex="-1" aria-disabled="true">
            ${message('toolbar.noPresets', {}, messages)}
          </div>`
        : presets.map(
            (p, i) =>
              html`<button
                type="button"
                role="menuitem"
                part="menuitem"
                tabindex="-1"
                aria-keyshortcuts=${shortcuts && i < 9 ? String(i + 1) : nothing}
                @click=${() => state.onApply(i)}
              >
                ${p.label}
              </button>`,
          )
    }
  </div>`;
}
