import type { FoveaError } from '@fovea/core';

/** Detail of `fovea-image-change`: the image now on screen. */
export interface ImageChangeDetail {
  /** 0-based index in the stack. */
  index: number;
  /** Images in the stack. */
  total: number;
}

/** Detail of `fovea-voi-change`: the window now applied. */
export interface VoiChangeDetail {
  center: number;
  width: number;
}

/** Detail of `fovea-load-progress`. */
export interface LoadProgressDetail {
  loaded: number;
  total: number;
}

/** Detail of `fovea-error`. `message` is safe to show and log: no patient data. */
export interface ErrorDetail {
  error: FoveaError | Error;
  /** Stable code for localised messages. */
  code: string;
  message: string;
}

/** Every event Fovea elements fire, by name. */
export interface FoveaEventMap {
  'fovea-image-change': ImageChangeDetail;
  'fovea-voi-change': VoiChangeDetail;
  'fovea-load-progress': LoadProgressDetail;
  'fovea-error': ErrorDetail;
}

export type FoveaImageChangeEvent = CustomEvent<ImageChangeDetail>;
export type FoveaVoiChangeEvent = CustomEvent<VoiChangeDetail>;
export type FoveaLoadProgressEvent = CustomEvent<LoadProgressDetail>;
export type FoveaErrorEvent = CustomEvent<ErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'fovea-image-change': FoveaImageChangeEvent;
    'fovea-voi-change': FoveaVoiChangeEvent;
    'fovea-load-progress': FoveaLoadProgressEvent;
    'fovea-error': FoveaErrorEvent;
  }
}

/** Dispatches a typed, bubbling, composed Fovea event; a wrong detail does not compile. */
export function emit<K extends keyof FoveaEventMap>(target: EventTarget, type: K, detail: FoveaEventMap[K]): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
