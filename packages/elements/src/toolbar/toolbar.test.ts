// <fovea-toolbar> without an image server: binding, ARIA toolbar pattern,
// keyboard operation, shortcuts and the viewport API its buttons call.
import { expect, fixture, html } from '@open-wc/testing';
import '../fovea-toolbar.js';
import '../fovea-viewport.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import type { FoveaToolbar } from './toolbar.js';
import type { FoveaToolChangeEvent } from '../events.js';
import { FoveaError } from '@fovea-dicom/core';
import { DEFAULT_TOOLBAR_ITEMS } from './toolbar.js';

async function mount(): Promise<{ toolbar: FoveaToolbar; viewport: FoveaViewport }> {
  const root = await fixture<HTMLDivElement>(
    html`<div>
      <fovea-toolbar for="v1"></fovea-toolbar>
      <fovea-viewport id="v1" style="width:200px;height:200px"></fovea-viewport>
    </div>`,
  );
  const toolbar = root.querySelector('fovea-toolbar')!;
  const viewport = root.querySelector('fovea-viewport')!;
  await new Promise((r) => requestAnimationFrame(r));
  await toolbar.updateComplete;
  return { toolbar, viewport };
}

const buttons = (t: FoveaToolbar) => [...t.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="button"]')];
const button = (t: FoveaToolbar, item: string) =>
  t.shadowRoot!.querySelector<HTMLButtonElement>(`[data-item="${item}"]`)!;
const key = (target: Element, k: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));

describe('<fovea-toolbar>', () => {
  it('binds to its viewport by for= and passes axe', async () => {
    const { toolbar, viewport } = await mount();
    expect(toolbar.target).to.equal(viewport);
    const bar = toolbar.shadowRoot!.querySelector('[role="toolbar"]')!;
    expect(bar.getAttribute('aria-label')).to.equal('Image tools');
    expect(button(toolbar, 'windowLevel').getAttribute('aria-pressed')).to.equal('true');
    expect(button(toolbar, 'length').getAttribute('aria-keyshortcuts')).to.equal('L');
    await expect(toolbar).to.be.accessible();
  });

  it('has one tab stop and moves with arrow keys, Home and End', async () => {
    const { toolbar } = await mount();
    const all = buttons(toolbar);
    expect(all.filter((b) => b.tabIndex === 0)).to.have.length(1);
    all[0]!.focus();
    key(all[0]!, 'ArrowRight');
    await toolbar.updateComplete;
    expect(toolbar.shadowRoot!.activeElement).to.equal(all[1]);
    expect(all[1]!.tabIndex).to.equal(0);
    expect(all[0]!.tabIndex).to.equal(-1);
    key(all[1]!, 'End');
    expect(toolbar.shadowRoot!.activeElement).to.equal(all.at(-1));
    key(all.at(-1)!, 'ArrowRight');
    expect(toolbar.shadowRoot!.activeElement, 'wraps').to.equal(all[0]);
  });

  it('works by keyboard alone: Enter picks a tool, shortcuts act, the presets menu opens and closes', async () => {
    const { toolbar, viewport } = await mount();
    const changes: FoveaToolChangeEvent['detail'][] = [];
    viewport.addEventListener('fovea-tool-change', (e) => changes.push(e.detail));
    const length = button(toolbar, 'length');
    length.focus();
    length.click(); // what Enter / Space do on a focused button
    await toolbar.updateComplete;
    expect(viewport.activeTools.primary).to.equal('length');
    expect(length.getAttribute('aria-pressed')).to.equal('true');
    expect(changes.at(-1)?.tools.primary).to.equal('length');

    key(length, 'e');
    expect(viewport.activeTools.primary, 'E: ellipse').to.equal('ellipse');
    key(viewport, 'i');
    expect(viewport.invert, 'I on the viewport: invert').to.equal(true);
    key(viewport, 'h');
    key(viewport, 'o');
    expect(viewport.flipHorizontal).to.equal(true);
    expect(viewport.rotation).to.equal(90);
    key(viewport, '0');
    expect(viewport.invert, '0: reset').to.equal(false);
    expect(viewport.rotation).to.equal(0);

    const presets = button(toolbar, 'presets');
    presets.focus();
    presets.click();
    await toolbar.updateComplete;
    await toolbar.updateComplete;
    expect(presets.getAttribute('aria-expanded')).to.equal('true');
    const menu = toolbar.shadowRoot!.querySelector('[role="menu"]')!;
    expect(toolbar.shadowRoot!.activeElement?.getAttribute('role')).to.equal('menuitem');
    await expect(toolbar).to.be.accessible();
    key(toolbar.shadowRoot!.activeElement!, 'Escape');
    await toolbar.updateComplete;
    await toolbar.updateComplete;
    expect(toolbar.shadowRoot!.querySelector('[role="menu"]')).to.equal(null);
    expect(menu.isConnected).to.equal(false);
    expect(toolbar.shadowRoot!.activeElement, 'focus back on the menu button').to.equal(presets);
  });

  it('turns shortcuts off, takes items in order, puts tools on other buttons and includes host buttons', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <fovea-viewport id="v2" style="width:100px;height:100px"></fovea-viewport>
        <fovea-toolbar .shortcuts=${false} .items=${['zoom', 'length', 'invert']}>
          <button type="button" id="host">Host action</button>
        </fovea-toolbar>
      </div>`,
    );
    const viewport = root.querySelector('fovea-viewport')!;
    const toolbar = root.querySelector('fovea-toolbar')!;
    toolbar.viewport = viewport;
    await toolbar.updateComplete;
    expect(buttons(toolbar).map((b) => b.dataset['item'])).to.deep.equal(['zoom', 'length', 'invert']);
    expect(button(toolbar, 'length').hasAttribute('aria-keyshortcuts')).to.equal(false);
    key(viewport, 'l');
    expect(viewport.activeTools.primary, 'shortcut ignored').to.equal('windowLevel');
    button(toolbar, 'length').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    await toolbar.updateComplete;
    expect(viewport.activeTools.secondary).to.equal('length');
    expect(button(toolbar, 'length').querySelector('[part="binding"]')?.textContent).to.equal('R');
    const host = root.querySelector<HTMLButtonElement>('#host')!;
    expect(host.tabIndex).to.equal(-1);
    button(toolbar, 'invert').focus();
    key(button(toolbar, 'invert'), 'ArrowRight');
    expect(document.activeElement).to.equal(host);
    await expect(toolbar).to.be.accessible();
  });

  it('throws a typed invalid-argument error for a tool, button or item that does not exist', async () => {
    const { toolbar, viewport } = await mount();
    const changes: FoveaToolChangeEvent['detail'][] = [];
    viewport.addEventListener('fovea-tool-change', (e) => changes.push(e.detail));
    const invalid = (call: () => unknown, name: string) => {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, name).to.be.instanceOf(FoveaError);
      expect((thrown as FoveaError).code, name).to.equal('invalid-argument');
    };
    // Untyped callers (plain JavaScript, values from a settings file) pass anything.
    const loose = <T>(value: string) => value as unknown as T;
    invalid(() => viewport.setTool('length', loose('left')), "setTool('length', 'left')");
    invalid(() => viewport.setTool(loose('ruler')), "setTool('ruler')");
    invalid(() => toolbar.activate(loose('magnify')), "activate('magnify')");
    invalid(() => toolbar.activate('zoom', loose('right')), "activate('zoom', 'right')");
    invalid(() => (toolbar.items = ['zoom', loose('magnify')]), "items = ['zoom', 'magnify']");
    await toolbar.updateComplete;
    expect(viewport.activeTools, 'bindings unchanged').to.deep.equal({
      primary: 'windowLevel',
      secondary: 'zoom',
      middle: 'pan',
    });
    expect(changes, 'no fovea-tool-change').to.deep.equal([]);
    expect(buttons(toolbar).length, 'items unchanged').to.equal(DEFAULT_TOOLBAR_ITEMS.length);
    viewport.setTool('length', 'secondary');
    expect(viewport.activeTools.secondary, 'valid names still work').to.equal('length');
  });
});
