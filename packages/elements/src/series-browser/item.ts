// One series of the series browser: thumbnail (or placeholder), key-image
// flag, load progress and the series' details.
import { html, nothing, type TemplateResult } from 'lit';
import type { Series } from '@fovea-dicom/core';
import { errorMessageId } from '../internal/errors.js';
import { addDefaultMessages, message, type MessageId, type Messages } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import { styleProps } from '../internal/style-props.js';
import type { ThumbnailState } from './thumbnails.js';

addDefaultMessages(VIEWING_MESSAGES);

/** Load progress per Series Instance UID, from 0 to 1. */
export type SeriesProgress = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** What an item shows besides its series. */
export interface ItemState {
  readonly numbers: Intl.NumberFormat;
  readonly percent: Intl.NumberFormat;
  /** Key images per Series Instance UID. */
  readonly keys: ReadonlyMap<string, number>;
  readonly thumbnail: ThumbnailState | undefined;
  readonly selectedSeriesUid: string;
  /** The item that is the list's one tab stop. */
  readonly activeIndex: number;
  readonly progress: SeriesProgress | undefined;
  readonly messages: Messages;
  /** The thumbnail image could not be shown. */
  readonly onThumbnailError: (seriesUid: string) => void;
}

const progressOf = (progress: SeriesProgress | undefined, uid: string): number | undefined =>
  progress instanceof Map ? progress.get(uid) : (progress as Readonly<Record<string, number>> | undefined)?.[uid];

export function itemTemplate(series: Series, index: number, state: ItemState): TemplateResult {
  const { numbers, percent, keys } = state;
  const m = (id: MessageId, params: Record<string, string | number> = {}) => message(id, params, state.messages);
  const uid = series.seriesInstanceUid;
  const keyCount = keys.get(uid) ?? 0;
  const selected = uid !== '' && uid === state.selectedSeriesUid;
  const thumbnail = state.thumbnail;
  const modality = series.modality ?? '';
  const count = series.numberOfInstances;
  const plural = count === undefined ? undefined : new Intl.PluralRules(numbers.resolvedOptions().locale).select(count);
  const progress = progressOf(state.progress, uid);
  const showProgress = progress !== undefined && progress >= 0 && progress < 1;
  // DICOM strings reach the page through text bindings only: never parsed as markup.
  return html`<div
    part=${selected ? 'item item-selected' : 'item'}
    role="option"
    aria-selected=${selected ? 'true' : 'false'}
    tabindex=${index === state.activeIndex ? 0 : -1}
    draggable="true"
    data-index=${index}
    data-series-uid=${uid}
  >
    <div part="thumbnail-frame">
      ${
        thumbnail?.status === 'ready'
          ? html`<img
              part="thumbnail"
              src=${thumbnail.url}
              alt=""
              draggable="false"
              @error=${() => state.onThumbnailError(uid)}
            />`
          : thumbnail?.status === 'error'
            ? html`<div
                part="placeholder thumbnail-error"
                data-state="error"
                role="img"
                aria-label=${m(errorMessageId(thumbnail.error))}
              >
                ${modality}
              </div>`
            : html`<div part="placeholder" data-state=${thumbnail?.status ?? 'loading'} aria-hidden="true">
                ${modality}
              </div>`
      }
      ${
        keyCount > 0
          ? html`<span
              part="key-images"
              role="img"
              aria-label=${m(keyCount === 1 ? 'seriesBrowser.keyImages.one' : 'seriesBrowser.keyImages.other', {
                count: numbers.format(keyCount),
              })}
              >★ ${numbers.format(keyCount)}</span
            >`
          : nothing
      }
      ${
        showProgress
          ? html`<div part="progress" aria-hidden="true">
              <div part="progress-value" style=${styleProps({ width: `${progress * 100}%` })}></div>
            </div>`
          : nothing
      }
    </div>
    <div part="details">
      <span part="modality">${modality}</span>
      ${
        series.seriesNumber !== undefined
          ? html`<span part="number">${m('seriesBrowser.number', { number: series.seriesNumber })}</span>`
          : nothing
      }
      <span part="description" title=${series.seriesDescription ?? ''}>${series.seriesDescription ?? ''}</span>
      ${
        count !== undefined
          ? html`<span part="count"
              >${m(plural === 'one' ? 'seriesBrowser.images.one' : 'seriesBrowser.images.other', {
                count: numbers.format(count),
              })}</span
            >`
          : nothing
      }
      ${
        showProgress
          ? html`<span part="progress-label"
              >${m('seriesBrowser.progress', { percent: percent.format(progress) })}</span
            >`
          : nothing
      }
    </div>
  </div>`;
}
