/**
 * The viewer's own controls (layout, synchronisation, print, full screen) and
 * its study status: pure functions of the state the viewer passes.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageId } from '../internal/messages.js';
import type { SyncKind } from './layout.js';
import { fullscreenIcon, layoutIcon, printIcon, syncIcon } from './viewer.icons.js';

export type StudyState = 'idle' | 'resolving' | 'ready' | 'not-found' | 'error';

/** What the controls show and do. */
export interface ViewerControls<Layout extends string> {
  layouts: readonly Layout[];
  layout: Layout;
  size(layout: Layout): [rows: number, columns: number];
  syncKinds: readonly SyncKind[];
  sync: readonly SyncKind[];
  /** Synchronisation needs two viewports. */
  canSync: boolean;
  canPrint: boolean;
  fullscreen: boolean;
  m(id: MessageId, params?: Record<string, string | number>): string;
  setLayout(layout: Layout): void;
  toggleSync(kind: SyncKind): void;
  print(): void;
  toggleFullscreen(): void;
}

/** The layout and sync buttons, the print button, and the full-screen button where the page allows it. */
export function controlsTemplate<Layout extends string>(c: ViewerControls<Layout>): TemplateResult {
  const fullscreenEnabled = typeof document !== 'undefined' && document.fullscreenEnabled;
  return html`
    ${c.layouts.map(
      (layout, i) =>
        html`<button
          type="button"
          class=${i === 0 ? 'group-start' : ''}
          part="layout-button${layout === c.layout ? ' active' : ''}"
          aria-pressed=${layout === c.layout ? 'true' : 'false'}
          aria-label=${c.m('viewer.layout', { layout })}
          title=${c.m('viewer.layout', { layout })}
          data-layout=${layout}
          @click=${() => c.setLayout(layout)}
        >
          ${layoutIcon(...c.size(layout))}
        </button>`,
    )}
    ${c.syncKinds.map(
      (kind, i) =>
        html`<button
          type="button"
          class=${i === 0 ? 'group-start' : ''}
          part="sync-button${c.sync.includes(kind) ? ' active' : ''}"
          aria-pressed=${c.sync.includes(kind) ? 'true' : 'false'}
          aria-label=${c.m(`viewer.sync.${kind}`)}
          title=${c.m(`viewer.sync.${kind}`)}
          data-sync=${kind}
          ?disabled=${!c.canSync}
          @click=${() => c.toggleSync(kind)}
        >
          ${syncIcon(kind)}
        </button>`,
    )}
    <button
      type="button"
      class="group-start"
      part="print-button"
      aria-label=${c.m('viewer.print')}
      title=${c.m('viewer.print')}
      ?disabled=${!c.canPrint}
      @click=${() => c.print()}
    >
      ${printIcon()}
    </button>
    ${
      fullscreenEnabled
        ? html`<button
            type="button"
            part="fullscreen-button${c.fullscreen ? ' active' : ''}"
            aria-pressed=${c.fullscreen ? 'true' : 'false'}
            aria-label=${c.m('viewer.fullscreen')}
            title=${c.m('viewer.fullscreen')}
            @click=${() => c.toggleFullscreen()}
          >
            ${fullscreenIcon(c.fullscreen)}
          </button>`
        : nothing
    }
  `;
}

const STATUS_MESSAGE: Partial<Record<StudyState, MessageId>> = {
  resolving: 'viewer.finding',
  'not-found': 'viewer.notFound',
  error: 'error.unknown',
  idle: 'viewer.noStudy',
};

/** The study's loading, not-found or error message; nothing once it is ready. */
export function statusTemplate(state: StudyState, m: (id: MessageId) => string): TemplateResult | typeof nothing {
  const id = STATUS_MESSAGE[state];
  if (!id) return nothing;
  const alert = state === 'not-found' || state === 'error';
  const kind = state === 'resolving' ? 'loading' : state;
  return html`<div part="status" role=${alert ? 'alert' : 'status'} data-kind=${kind}>${m(id)}</div>`;
}
