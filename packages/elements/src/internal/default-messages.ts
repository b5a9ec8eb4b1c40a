import { COMMON_MESSAGES } from './catalogue/common.js';
import { STUDY_LIST_MESSAGES } from './catalogue/study-list.js';
import { VIEWING_MESSAGES } from './catalogue/viewing.js';

/** The whole English catalogue; its keys are the message ids. */
export const defaultMessages = Object.freeze({ ...COMMON_MESSAGES, ...STUDY_LIST_MESSAGES, ...VIEWING_MESSAGES });
