/**
 * User-facing strings, keyed by a stable id. English defaults; hosts replace
 * them through the elements' `messages` (and a panel's). Messages never embed
 * patient data.
 *
 * The English catalogue comes in parts (`catalogue/`): the messages every
 * element may show are here; each module that shows an element's words adds
 * that element's part when it loads (`addDefaultMessages`), so that a page with the study list alone does
 * not download the viewer's words. The whole catalogue is `defaultMessages`
 * (`default-messages.ts`, exported from the package index).
 */
import { COMMON_MESSAGES } from './catalogue/common.js';
import type { defaultMessages } from './default-messages.js';

export type MessageId = keyof typeof defaultMessages;

/** A message catalogue: any subset of the ids, for one locale. */
export type Messages = Partial<Record<MessageId, string>>;

const defaults: Messages = { ...COMMON_MESSAGES };

/** Adds an element's part of the English catalogue (called once by the element's module). */
export function addDefaultMessages(part: Messages): void {
  Object.assign(defaults, part);
}

/** Looks up a message in `overrides`, else the English default, filling `{name}` placeholders. */
export function message(id: MessageId, params: Record<string, string | number> = {}, overrides: Messages = {}): string {
  // An id without a default is an element's part never added: shown as the id, never as nothing.
  const template = overrides[id] ?? defaults[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
