/**
 * User-facing strings, keyed by a stable id. English defaults; hosts replace
 * them through {@link setMessages} (and, later, @lit/localize catalogues).
 * Messages never embed patient data.
 */
/** The English catalogue; its keys are the message ids. */
export const defaultMessages = {
  loading: 'Loading images…',
  noSeries: 'No series selected',
  'error.http': 'The image server answered with an error.',
  'error.network': 'The image server cannot be reached.',
  'error.timeout': 'The image server took too long to answer.',
  'error.unauthorized': 'Access to the images was refused. Sign in again and retry.',
  'error.bad-response': 'The image server sent an answer Fovea cannot read.',
  'error.parse': 'The image data is damaged or not valid DICOM.',
  'error.unsupported': 'This object has no image Fovea can display.',
  'error.aborted': 'Loading was cancelled.',
  'error.decode': 'This image could not be decoded.',
  'error.unknown': 'The images could not be shown.',
  imageLabel: 'Image {index} of {total}',
  arrowLabel: 'Arrow label',
  'toolbar.label': 'Image tools',
  'toolbar.presetsMenu': 'Window presets',
  'toolbar.headerPreset': 'Header {center} / {width}',
  'toolbar.noPresets': 'No presets for this image',
  'tool.windowLevel': 'Window / level',
  'tool.pan': 'Pan',
  'tool.zoom': 'Zoom',
  'tool.stackScroll': 'Scroll through images',
  'tool.length': 'Length',
  'tool.angle': 'Angle',
  'tool.rectangle': 'Rectangle ROI',
  'tool.ellipse': 'Ellipse ROI',
  'tool.probe': 'Probe',
  'tool.arrow': 'Arrow annotation',
  'tool.invert': 'Invert',
  'tool.rotate': 'Rotate 90° clockwise',
  'tool.flipHorizontal': 'Flip horizontally',
  'tool.flipVertical': 'Flip vertically',
  'tool.reset': 'Reset view',
  'tool.presets': 'Window presets',
  'tool.cine': 'Cine',
  'studyList.label': 'Studies',
  'studyList.filters': 'Study filters',
  'studyList.column.patient-name': 'Patient',
  'studyList.column.patient-id': 'Patient ID',
  'studyList.column.birth-date': 'Birth date',
  'studyList.column.study-date': 'Study date',
  'studyList.column.modalities': 'Modalities',
  'studyList.column.description': 'Description',
  'studyList.column.accession': 'Accession',
  'studyList.column.series': 'Series',
  'studyList.column.instances': 'Images',
  'studyList.filter.patient-name': 'Patient name',
  'studyList.filter.patient-id': 'Patient ID',
  'studyList.filter.date': 'Study date',
  'studyList.filter.date-from': 'From',
  'studyList.filter.date-to': 'To',
  'studyList.filter.modality': 'Modality',
  'studyList.filter.accession': 'Accession',
  'studyList.preset.any': 'Any date',
  'studyList.preset.today': 'Today',
  'studyList.preset.yesterday': 'Yesterday',
  'studyList.preset.last-7-days': 'Last 7 days',
  'studyList.preset.last-30-days': 'Last 30 days',
  'studyList.preset.last-year': 'Last 12 months',
  'studyList.preset.custom': 'Date range…',
  'studyList.modality.any': 'Any modality',
  'studyList.noServer': 'No image server is configured.',
  'studyList.loading': 'Loading studies…',
  'studyList.loadingMore': 'Loading more studies…',
  'studyList.empty': 'No studies match the filters.',
  'studyList.count.one': '1 study',
  'studyList.count.other': '{count} studies',
  'studyList.countMore': '{count} studies loaded, more on scroll',
  'studyList.invalidPatient': 'The patient identifier given to the study list is not valid.',
  'studyList.retry': 'Retry',
  'seriesBrowser.label': 'Series',
  'seriesBrowser.noServer': 'No image server is configured.',
  'seriesBrowser.noStudy': 'No study selected',
  'seriesBrowser.loading': 'Loading series…',
  'seriesBrowser.empty': 'This study has no series.',
  'seriesBrowser.number': 'Series {number}',
  'seriesBrowser.images.one': '1 image',
  'seriesBrowser.images.other': '{count} images',
  'seriesBrowser.progress': '{percent} loaded',
  'seriesBrowser.retry': 'Retry',
} as const;

export type MessageId = keyof typeof defaultMessages;

/** A message catalogue: any subset of the ids, for one locale. */
export type Messages = Partial<Record<MessageId, string>>;

/** Looks up a message in `overrides`, else the English default, filling `{name}` placeholders. */
export function message(id: MessageId, params: Record<string, string | number> = {}, overrides: Messages = {}): string {
  const template = overrides[id] ?? defaultMessages[id];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
