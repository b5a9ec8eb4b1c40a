// The study list's status line: loading, empty, count, error (with retry),
// and the notice of filters the server could not apply as given.
import { html, nothing, type TemplateResult } from 'lit';
import { FoveaError, type StudySearchSource } from '@fovea-dicom/core';
import { addDefaultMessages, message, type MessageId, type Messages } from '../internal/messages.js';
import { STUDY_LIST_MESSAGES } from '../internal/catalogue/study-list.js';
import type { StudyPager } from './pager.js';
import type { PlannedQuery } from './query.js';

addDefaultMessages(STUDY_LIST_MESSAGES);

/** The filter label of each QIDO key, for the widened-filter notice. */
const WIDENED_FILTER_LABELS: Readonly<Record<string, MessageId>> = {
  PatientName: 'studyList.filter.patient-name',
  PatientID: 'studyList.filter.patient-id',
  IssuerOfPatientID: 'studyList.filter.patient-id',
  AccessionNumber: 'studyList.filter.accession',
};

/** The search shown: its query and the client it went to. */
export interface Searched {
  readonly plan: PlannedQuery;
  readonly client: StudySearchSource;
}

/** What the status line says, and where. */
export interface StatusState {
  readonly pager: StudyPager;
  /** Studies in the list. */
  readonly count: number;
  /** The message of a search that could not be planned. */
  readonly planError: MessageId | undefined;
  readonly searched: Searched | undefined;
  readonly locale: string | undefined;
  readonly messages: Messages;
  readonly onRetry: () => void;
}

export function statusTemplate(state: StatusState): TemplateResult {
  const { pager, count, messages } = state;
  const m = (id: MessageId, params: Record<string, string | number> = {}) => message(id, params, messages);
  const placement = count === 0 ? 'body' : 'footer';
  if (state.planError || pager.status === 'error') {
    const code = pager.error instanceof FoveaError ? pager.error.code : 'unknown';
    const text = m(state.planError ?? (`error.${code}` as MessageId));
    return html`<div part="status" role="alert" data-kind="error" data-placement=${placement}>
      <span>${text}</span>
      <button part="retry" type="button" @click=${state.onRetry}>${m('studyList.retry')}</button>
    </div>`;
  }
  const number = new Intl.NumberFormat(state.locale).format(count);
  const text =
    pager.status === 'idle'
      ? m('studyList.noServer')
      : pager.status === 'loading'
        ? m('studyList.loading')
        : pager.loadingMore
          ? m('studyList.loadingMore')
          : count === 0
            ? m('studyList.empty')
            : !pager.done
              ? m('studyList.countMore', { count: number })
              : m(count === 1 ? 'studyList.count.one' : 'studyList.count.other', { count: number });
  const kind = pager.status === 'ready' ? (count === 0 ? 'empty' : 'ready') : pager.status;
  const widened = pager.status === 'ready' ? widenedNotice(state) : undefined;
  const notice = widened ? html`<span part="notice">${widened}</span>` : nothing;
  return html`<div part="status" role="status" data-kind=${kind} data-placement=${placement}>${text}${notice}</div>`;
}

/**
 * Says which filters the server could not apply as given: one that does not
 * percent-decode (Orthanc 1.10) gets `Müller` as `M*ller`, so near matches may be listed.
 */
function widenedNotice({ searched, locale, messages }: StatusState): string | undefined {
  if (!searched) return undefined;
  const labels = new Set(
    (searched.client.broadenedKeys?.(searched.plan.query) ?? []).map((key) =>
      message(WIDENED_FILTER_LABELS[key] ?? 'studyList.filters', {}, messages),
    ),
  );
  if (labels.size === 0) return undefined;
  const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format([...labels]);
  return message('studyList.widened', { filters: list }, messages);
}
