import { FoveaStudyList } from './study-list/study-list.js';

export { FoveaStudyList };
export type { StudyColumn, StudySort, SortDirection } from './study-list/columns.js';
export type { StudyFilterField } from './study-list/filters.js';
export type { DatePreset, StudyFilters } from './study-list/query.js';

if (!customElements.get('fovea-study-list')) customElements.define('fovea-study-list', FoveaStudyList);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-study-list': FoveaStudyList;
  }
}
