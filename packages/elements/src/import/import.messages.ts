/**
 * The import element's words (English defaults). No message holds a file
 * path or patient data: skipped files are counted by reason, failures by kind.
 */
export const defaultImportMessages = {
  'import.label': 'Import images',
  'import.drop': 'Drop a CD or USB folder, DICOM files or a zip archive here',
  'import.chooseFiles': 'Choose files…',
  'import.chooseFolder': 'Choose a folder…',
  'import.scanning': 'Reading files: {read} of {found}…',
  'import.summary': '{patients} patient(s), {studies} study(ies), {series} series, {instances} image(s)',
  'import.nothingFound': 'No DICOM images were found in these files.',
  'import.skipped': '{count} file(s) skipped',
  'import.skip.not-dicom': '{count} not DICOM',
  'import.skip.truncated': '{count} incomplete',
  'import.skip.unreadable': '{count} damaged',
  'import.skip.no-uids': '{count} without study or image identifiers',
  'import.skip.duplicate': '{count} duplicate',
  'import.skip.missing': '{count} listed in the DICOMDIR but missing',
  'import.skip.read-failed': '{count} could not be read from the disk',
  'import.preview': 'Preview',
  'import.mixed': 'These files belong to {count} different patients. Check each study before uploading.',
  'import.confirmMixed': 'I have checked: upload the studies of all {count} patients',
  'import.upload': 'Upload to the archive',
  'import.cancel': 'Cancel',
  'import.clear': 'Start again',
  'import.uploading': 'Uploading: {done} of {total} images',
  'import.done': '{stored} image(s) stored',
  'import.already': '{count} image(s) were already in the archive',
  'import.existingStudies': '{count} study(ies) already existed in the archive',
  'import.failed': '{count} image(s) could not be stored',
  'import.cancelled': 'Upload cancelled: {count} image(s) not sent. Choose the same files again to resume.',
  'import.failure.refused': '{count} refused by the archive',
  'import.failure.too-large': '{count} too large for the archive',
  'import.failure.network': '{count} not sent: the archive could not be reached',
  'import.failure.rewrite': '{count} could not be prepared for upload',
  'import.failure.unreadable': '{count} could not be read from the disk',
  'import.failure.unconfirmed': '{count} not confirmed by the archive',
  'import.noArchive': 'No archive is configured for uploads.',
} as const;

export type ImportMessageId = keyof typeof defaultImportMessages;

/** Overrides of the import element's words, for one locale. */
export type ImportMessages = Partial<Record<ImportMessageId, string>>;

export function importMessage(
  id: ImportMessageId,
  params: Record<string, string | number> = {},
  overrides: ImportMessages = {},
): string {
  const template = overrides[id] ?? defaultImportMessages[id];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
