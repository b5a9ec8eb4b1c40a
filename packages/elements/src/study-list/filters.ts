// The study list's filter bar: a search form whose fields write into a draft
// that the element sends to the server after a pause in typing.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { addDefaultMessages, message, type Messages } from '../internal/messages.js';
import { STUDY_LIST_MESSAGES } from '../internal/catalogue/study-list.js';
import { DATE_PRESETS, type StudyFilters } from './query.js';

addDefaultMessages(STUDY_LIST_MESSAGES);

/** A filter field the host can show. */
export type StudyFilterField = 'patient-name' | 'patient-id' | 'date' | 'modality' | 'accession';

/** Every filter field, in the default order. */
export const STUDY_FILTER_FIELDS: readonly StudyFilterField[] = [
  'patient-name',
  'patient-id',
  'date',
  'modality',
  'accession',
];

/** Modalities the modality filter offers by default (DICOM defined terms a clinician meets most). */
export const DEFAULT_MODALITIES: readonly string[] = [
  'CR',
  'CT',
  'DX',
  'MG',
  'MR',
  'NM',
  'OT',
  'PT',
  'RF',
  'SR',
  'US',
  'XA',
];

/** Reads a filter-field list from an attribute: ids separated by spaces or commas; unknown ids are dropped. */
export function parseFilterFields(value: string | null): StudyFilterField[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter((id): id is StudyFilterField => (STUDY_FILTER_FIELDS as readonly string[]).includes(id));
}

export interface FiltersView {
  fields: readonly StudyFilterField[];
  draft: StudyFilters;
  modalities: readonly string[];
  /** The chart's patient is fixed: no name or ID fields. */
  restricted: boolean;
  messages: Messages;
  /** A typed change: applied after a pause. */
  onInput: (key: keyof StudyFilters, value: string) => void;
  /** A chosen change (select, Enter): applied at once. */
  onCommit: (key?: keyof StudyFilters, value?: string) => void;
}

type TextKey = 'patientName' | 'patientId' | 'accessionNumber' | 'dateFrom' | 'dateTo';

function textField(view: FiltersView, field: string, key: TextKey, label: string, type = 'search'): TemplateResult {
  return html`<label part="filter filter-${field}">
    <span part="filter-label">${label}</span>
    <input
      part="filter-input"
      type=${type}
      autocomplete="off"
      spellcheck="false"
      .value=${live(view.draft[key] ?? '')}
      @input=${(e: Event) => view.onInput(key, (e.target as HTMLInputElement).value)}
    />
  </label>`;
}

/** The filter bar, or nothing when the host shows no field. */
export function filtersTemplate(view: FiltersView): TemplateResult | typeof nothing {
  const m = (id: Parameters<typeof message>[0]) => message(id, {}, view.messages);
  const fields = view.fields.filter((f) => !view.restricted || (f !== 'patient-name' && f !== 'patient-id'));
  if (fields.length === 0) return nothing;
  const preset = view.draft.datePreset ?? 'any';
  const modality = view.draft.modality ?? '';
  const modalities = modality && !view.modalities.includes(modality) ? [modality, ...view.modalities] : view.modalities;
  const select = (key: 'datePreset' | 'modality') => (e: Event) =>
    view.onCommit(key, (e.target as HTMLSelectElement).value);
  const field = (f: StudyFilterField): TemplateResult => {
    switch (f) {
      case 'patient-name':
        return textField(view, f, 'patientName', m('studyList.filter.patient-name'));
      case 'patient-id':
        return textField(view, f, 'patientId', m('studyList.filter.patient-id'));
      case 'accession':
        return textField(view, f, 'accessionNumber', m('studyList.filter.accession'));
      case 'modality':
        return html`<label part="filter filter-modality">
          <span part="filter-label">${m('studyList.filter.modality')}</span>
          <select part="filter-input" .value=${live(modality)} @change=${select('modality')}>
            <option value="" ?selected=${modality === ''}>${m('studyList.modality.any')}</option>
            ${modalities.map((v) => html`<option value=${v} ?selected=${v === modality}>${v}</option>`)}
          </select>
        </label>`;
      case 'date':
        return html`<label part="filter filter-date">
            <span part="filter-label">${m('studyList.filter.date')}</span>
            <select part="filter-input" .value=${live(preset)} @change=${select('datePreset')}>
              ${DATE_PRESETS.map(
                (p) => html`<option value=${p} ?selected=${p === preset}>${m(`studyList.preset.${p}`)}</option>`,
              )}
            </select>
          </label>
          ${
            preset === 'custom'
              ? html`${textField(view, 'date-from', 'dateFrom', m('studyList.filter.date-from'), 'date')}
                ${textField(view, 'date-to', 'dateTo', m('studyList.filter.date-to'), 'date')}`
              : nothing
          }`;
    }
  };
  return html`<form
    part="filters"
    role="search"
    aria-label=${m('studyList.filters')}
    @submit=${(e: Event) => {
      e.preventDefault();
      view.onCommit();
    }}
  >
    ${fields.map(field)}
  </form>`;
}
