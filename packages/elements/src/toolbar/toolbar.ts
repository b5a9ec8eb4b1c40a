import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { message, type MessageId, type Messages } from '../internal/messages.js';
import { windowPresetsFor } from '../model/presets.js';
import { assertOneOf, MOUSE_BUTTONS, type MouseButton } from '../model/tools.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import {
  buttonTemplate,
  DEFAULT_TOOLBAR_ITEMS,
  isTool,
  menuTemplate,
  TOOLBAR_SHORTCUTS,
  type MenuPreset,
  type ToolbarAction,
  type ToolbarItem,
} from './controls.js';
import { toolbarStyles } from './toolbar.styles.js';

export { DEFAULT_TOOLBAR_ITEMS, TOOLBAR_SHORTCUTS, type MenuPreset, type ToolbarAction, type ToolbarItem };

/** The viewport's events after which the toolbar shows its state again. */
const TOOLBAR_REFRESH = [
  'fovea-tool-change',
  'fovea-voi-change',
  'fovea-image-change',
  'fovea-key-image-change',
  'fovea-reports-found',
  'fovea-report-load',
] as const;

/**
 * Reading tools for a `<fovea-viewport>`: the tool on the mouse buttons,
 * invert, rotate, flip, reset, window presets, cine, the key image flag, and
 * the measurement report the viewport found for its series. An ARIA toolbar: one
 * tab stop, arrow keys move between buttons, Home / End to the ends.
 *
 * Click a tool to put it on the left mouse button (and one-finger touch);
 * right-click it to put it on the right button, middle-click for the middle one.
 *
 * Keyboard shortcuts (when focus is in the toolbar or on its viewport, unless
 * `shortcuts` is false): W window / level, P pan, Z zoom, S scroll, L length,
 * A angle, R rectangle, E ellipse, V probe (value), T arrow (text), I invert,
 * O rotate 90°, H flip horizontally, F flip vertically, M presets menu,
 * C cine play / pause, K key image on / off, N show the measurement report, 0 reset, 1 to 9 the n-th preset of the menu (windows, then VOI LUTs).
 *
 * @summary A toolbar of reading tools bound to a viewport.
 *
 * @slot - The host's own buttons, after Fovea's; they join the toolbar's arrow-key navigation.
 *
 * @csspart toolbar - The toolbar container.
 * @csspart button - Every button; also `tool` (tool buttons), `action` (the others), `active` (pressed).
 * @csspart icon - Each button's icon.
 * @csspart binding - The mark of the mouse button a tool is on (`R` right, `M` middle).
 * @csspart menu - The window presets menu.
 * @csspart menuitem - Each preset in the menu.
 *
 * @cssprop --fovea-toolbar-background - Toolbar background.
 * @cssprop --fovea-toolbar-color - Icon and text colour.
 * @cssprop --fovea-toolbar-active-background - Background of pressed buttons.
 * @cssprop --fovea-toolbar-gap - Space between buttons.
 * @cssprop --fovea-focus-ring-color - Focus ring colour.
 */
export class FoveaToolbar extends LitElement {
  static override styles = toolbarStyles;

  /** Id of the viewport to drive, in the same document or shadow root. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** The viewport to drive (overrides `for`). */
  @property({ attribute: false }) viewport: FoveaViewport | undefined;

  #itemList: readonly ToolbarItem[] = DEFAULT_TOOLBAR_ITEMS;

  /** The items and their order. A name that is no item throws a `FoveaError` with code `invalid-argument`. */
  @property({ attribute: false })
  get items(): readonly ToolbarItem[] {
    return this.#itemList;
  }
  set items(items: readonly ToolbarItem[]) {
    for (const item of items) assertOneOf('toolbar item', item, DEFAULT_TOOLBAR_ITEMS);
    const old = this.#itemList;
    this.#itemList = items;
    this.requestUpdate('items', old);
  }

  /** Keyboard shortcuts on (see the class description); hosts with their own keys turn them off. */
  @property({ type: Boolean }) shortcuts = true;

  /** Layout direction; also the arrow keys that move between buttons. */
  @property({ reflect: true }) orientation: 'horizontal' | 'vertical' = 'horizontal';

  /** Replacement UI strings (localisation). */
  @property({ attribute: false }) messages: Messages = {};

  @state() private menuOpen = false;
  /** Index of the button with tabindex 0 (roving tabindex). */
  @state() private focusIndex = 0;

  #bound: FoveaViewport | undefined;
  #refresh = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.#onKeyDown);
    this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeyDown);
    this.#unbind();
  }

  /** The viewport in use: `viewport`, else the element whose id is `for`. */
  get target(): FoveaViewport | undefined {
    if (this.viewport) return this.viewport;
    if (!this.htmlFor) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(this.htmlFor);
    return found?.localName === 'fovea-viewport' ? (found as FoveaViewport) : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('viewport') || changed.has('htmlFor')) this.#bind();
  }

  protected override firstUpdated(): void {
    // A `for` target later in the document is there once the page has parsed.
    if (!this.#bound) requestAnimationFrame(() => this.#bind());
  }

  #bind(): void {
    const target = this.target;
    if (target === this.#bound) return;
    this.#unbind();
    this.#bound = target;
    if (!target) return;
    for (const type of TOOLBAR_REFRESH) {
      target.addEventListener(type, this.#refresh);
    }
    target.addEventListener('keydown', this.#onViewportKeyDown);
    this.requestUpdate();
  }

  #unbind(): void {
    const old = this.#bound;
    if (!old) return;
    for (const type of TOOLBAR_REFRESH) {
      old.removeEventListener(type, this.#refresh);
    }
    old.removeEventListener('keydown', this.#onViewportKeyDown);
    this.#bound = undefined;
  }

  #label(item: ToolbarItem): string {
    return message(`tool.${item}` as MessageId, {}, this.messages);
  }

  /**
   * Runs an item as a click would; tools go on `button`. An item or button
   * that does not exist throws a `FoveaError` with code `invalid-argument`.
   */
  activate(item: ToolbarItem, button: MouseButton = 'primary'): void {
    assertOneOf('toolbar item', item, DEFAULT_TOOLBAR_ITEMS);
    assertOneOf('mouse button', button, MOUSE_BUTTONS);
    const viewport = this.target;
    if (!viewport) return;
    if (isTool(item)) {
      viewport.setTool(item, button);
    } else if (item === 'invert') {
      viewport.invert = !viewport.invert;
    } else if (item === 'rotate') {
      viewport.rotation = ((viewport.rotation + 90) % 360) as FoveaViewport['rotation'];
    } else if (item === 'flipHorizontal') {
      viewport.flipHorizontal = !viewport.flipHorizontal;
    } else if (item === 'flipVertical') {
      viewport.flipVertical = !viewport.flipVertical;
    } else if (item === 'reset') {
      viewport.reset();
    } else if (item === 'cine') {
      if (viewport.playing) viewport.pause();
      else viewport.play();
    } else if (item === 'keyImage') {
      if (viewport.imageCount > 0) viewport.toggleKeyImage();
    } else if (item === 'report') {
      const report = viewport.foundReports[0];
      // A failure shows in the viewport and reaches the host as fovea-error.
      if (report) viewport.loadMeasurementReport(report.sopInstanceUid).catch(() => undefined);
    } else if (item === 'presets') {
      void this.#openMenu(!this.menuOpen);
      return;
    }
    this.requestUpdate();
  }

  /** The VOI presets offered for the image on screen: the modality's windows, then the header's windows and VOI LUTs. */
  presets(): MenuPreset[] {
    const viewport = this.target;
    if (!viewport) return [];
    const modality: MenuPreset[] = windowPresetsFor(viewport.modality).map((p) => ({
      label: `${p.label} ${p.center} / ${p.width}`,
      apply: (v) => {
        v.windowCenter = p.center;
        v.windowWidth = p.width;
      },
    }));
    const header: MenuPreset[] = viewport.voiPresets.map((p, i) => ({
      label: p.explanation || message('toolbar.headerPreset', { center: p.center, width: p.width }, this.messages),
      apply: (v) => v.applyVoiPreset(i),
    }));
    const luts: MenuPreset[] = viewport.voiLutPresets.map((p, i) => ({
      label: p.explanation || message('toolbar.voiLutPreset', { n: p.index + 1 }, this.messages),
      apply: (v) => v.applyVoiLutPreset(i),
    }));
    return [...modality, ...header, ...luts];
  }

  #applyPreset(index: number): void {
    const viewport = this.target;
    const preset = this.presets()[index];
    if (!viewport || !preset) return;
    preset.apply(viewport);
    void this.#openMenu(false);
  }

  async #openMenu(open: boolean): Promise<void> {
    const focusInMenu = this.#menuItems().some((el) => el === this.shadowRoot?.activeElement);
    this.menuOpen = open;
    await this.updateComplete;
    if (open) this.#menuItems()[0]?.focus();
    else if (focusInMenu) this.#menuButton()?.focus();
  }

  #menuButton(): HTMLButtonElement | undefined {
    return this.renderRoot.querySelector<HTMLButtonElement>('button[data-item="presets"]') ?? undefined;
  }

  #menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  /** The toolbar's focusable items: Fovea's buttons, then the host's slotted ones. */
  #items(): HTMLElement[] {
    const own = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="toolbar"] > button')];
    const slot = this.renderRoot.querySelector('slot');
    const slotted = (slot?.assignedElements({ flatten: true }) ?? []).filter(
      (el): el is HTMLElement => el instanceof HTMLElement && !el.hidden,
    );
    return [...own, ...slotted];
  }

  #syncTabIndex(): void {
    const items = this.#items();
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, items.length - 1));
    items.forEach((el, i) => (el.tabIndex = i === this.focusIndex ? 0 : -1));
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const path = event.composedPath();
    if (path.some((el) => el instanceof HTMLElement && el.getAttribute('role') === 'menu')) {
      this.#onMenuKey(event);
      return;
    }
    const items = this.#items();
    const current = items.findIndex((el) => path.includes(el));
    const [prev, next] = this.orientation === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
    const move: Record<string, number> = {
      [prev]: current - 1,
      [next]: current + 1,
      Home: 0,
      End: items.length - 1,
    };
    const to = move[event.key];
    if (to !== undefined && current >= 0) {
      event.preventDefault();
      this.focusIndex = (to + items.length) % items.length;
      this.#syncTabIndex();
      items[this.focusIndex]?.focus();
      return;
    }
    // The host's own controls keep their keys.
    if (current >= this.#ownCount()) return;
    this.#shortcut(event);
  };

  #ownCount(): number {
    return this.renderRoot.querySelectorAll('[part~="toolbar"] > button').length;
  }

  #onViewportKeyDown = (event: KeyboardEvent): void => this.#shortcut(event);

  #shortcut(event: KeyboardEvent): void {
    if (!this.shortcuts || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const key = event.key.toLowerCase();
    if (/^[1-9]$/.test(key)) {
      event.preventDefault();
      this.#applyPreset(Number(key) - 1);
      return;
    }
    const item = this.items.find((i) => TOOLBAR_SHORTCUTS[i] === key);
    if (!item) return;
    event.preventDefault();
    this.activate(item);
  }

  #onMenuKey(event: KeyboardEvent): void {
    const items = this.#menuItems();
    const current = items.findIndex((el) => event.composedPath().includes(el));
    const to: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: items.length - 1,
    };
    if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      void this.#openMenu(false);
      return;
    }
    const index = to[event.key];
    if (index === undefined) return;
    event.preventDefault();
    items[(index + items.length) % items.length]?.focus();
  }

  #onFocusIn = (event: FocusEvent): void => {
    const index = this.#items().findIndex((el) => event.composedPath().includes(el));
    if (index >= 0 && index !== this.focusIndex) {
      this.focusIndex = index;
      this.#syncTabIndex();
    }
  };

  #onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (this.menuOpen && !(next && (this.renderRoot.contains(next) || this.contains(next)))) this.menuOpen = false;
  };

  #onMouse(item: ToolbarItem, event: MouseEvent): void {
    if (!isTool(item)) return;
    if (event.type === 'contextmenu') {
      event.preventDefault();
      this.activate(item, 'secondary');
    } else if (event.type === 'auxclick' && event.button === 1) {
      this.activate(item, 'middle');
    }
  }

  protected override updated(): void {
    this.#syncTabIndex();
  }

  protected override render() {
    return html`<div
        part="toolbar"
        role="toolbar"
        aria-label=${message('toolbar.label', {}, this.messages)}
        aria-orientation=${this.orientation}
        @focusin=${this.#onFocusIn}
        @focusout=${this.#onFocusOut}
      >
        ${this.items.map((item) =>
          buttonTemplate(item, {
            viewport: this.target,
            label: this.#label(item),
            shortcuts: this.shortcuts,
            menuOpen: this.menuOpen,
            onActivate: (i) => this.activate(i),
            onMouse: (i, e) => this.#onMouse(i, e),
          }),
        )}
        <slot @slotchange=${() => this.#syncTabIndex()}></slot>
      </div>
      ${
        this.menuOpen
          ? menuTemplate(this.presets(), {
              messages: this.messages,
              shortcuts: this.shortcuts,
              onApply: (i) => this.#applyPreset(i),
            })
          : nothing
      }`;
  }
}
