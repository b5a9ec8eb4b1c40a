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
} as const;

export type MessageId = keyof typeof defaultMessages;

/** A message catalogue: any subset of the ids, for one locale. */
export type Messages = Partial<Record<MessageId, string>>;

/** Looks up a message in `overrides`, else the English default, filling `{name}` placeholders. */
export function message(id: MessageId, params: Record<string, string | number> = {}, overrides: Messages = {}): string {
  const template = overrides[id] ?? defaultMessages[id];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
