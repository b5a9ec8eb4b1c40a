// The study-list searches the stories show. Shared with .storybook/snapshot.ts,
// which records their QIDO-RS answers for the static build through the study
// list's own query planning and pager, so a story and its snapshot cannot drift.
import type { StudyFilters } from '@fovea-dicom/elements';

/** What a study-list story searches with: its `filters`, `patient-id` and `page-size`. */
export interface StudyListSearch {
  filters: StudyFilters;
  patientId: string;
  pageSize: number;
}

/** The element's defaults: every study, 100 a page. */
const ALL: StudyListSearch = { filters: {}, patientId: '', pageSize: 100 };

export const STUDY_LIST_SEARCHES = {
  /** Every study on the sample server. */
  all: ALL,
  /** Studies with a CT series (the modality filter). */
  ct: { ...ALL, filters: { modality: 'CT' } },
  /** One patient's studies, as a chart launches the list (IHE IID `patientID`). */
  patient: { ...ALL, patientId: 'FOVEA-0002' },
} as const satisfies Record<string, StudyListSearch>;
