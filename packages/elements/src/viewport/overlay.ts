import { html, nothing, type TemplateResult } from 'lit';
import { formatPersonName, type Instance, type VoiLutPreset } from '@fovea-dicom/core';
import { edgeLabels } from '../model/orientation.js';
import type { Presentation, ScreenAxes, Voi } from '../model/presentation.js';
import { styleProps } from '../internal/style-props.js';

/** What the overlay shows; every string is rendered as text, never HTML. */
export interface OverlayState {
  instance: Instance | undefined;
  index: number;
  total: number;
  voi: Voi | undefined;
  /** The header VOI LUT on screen, shown instead of the window. */
  voiLut?: VoiLutPreset | undefined;
  presentation: Presentation | undefined;
  axes: ScreenAxes | undefined;
  /** CSS pixels per mm of the patient; undefined where the frame has no Pixel Spacing (no scale bar). */
  cssPixelsPerMm: number | undefined;
  /** The frame's Slice Thickness (an enhanced object keeps it in its Pixel Measures functional group). */
  sliceThickness: number | undefined;
  locale: string | undefined;
}

/**
 * One date formatter per locale: building an `Intl.DateTimeFormat` (which
 * `toLocaleDateString` does on every call) costs about half a millisecond,
 * and the overlay is rendered for every image shown.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale || undefined, { dateStyle: 'medium' });
    // A page uses a handful of locales; the bound only guards against a host that varies them endlessly.
    if (dateFormats.size >= 16) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Builds the locale's date formatter ahead of the first image. The first
 * `Intl.DateTimeFormat` of a page loads the locale's data: 12-20 ms of main
 * thread on the bench's machine, which otherwise falls between the first
 * decoded frame and its pixels.
 */
export function prepareDateFormat(locale: string | undefined): void {
  dateFormat(locale);
}

/** Formatted dates by locale and date: every image of a series shows the same two. */
const formattedDates = new Map<string, string>();

function formatDate(d: { year: number; month: number; day: number } | undefined, locale: string | undefined): string {
  if (!d) return '';
  const key = `${locale ?? ''}|${d.year}-${d.month}-${d.day}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    text = dateFormat(locale).format(new Date(d.year, d.month - 1, d.day));
    if (formattedDates.size >= 64) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}

function fixed(n: number | undefined, digits = 1): string {
  return n === undefined ? '' : n.toFixed(digits).replace(/\.0+$/, '');
}

/** The four corners' lines, also used to draw them into an exported PNG. */
export function cornerLines(s: OverlayState): Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight', string[]> {
  const i = s.instance;
  const sex = i?.patientSex ? ` ${i.patientSex}` : '';
  const birth = formatDate(i?.patientBirthDate, s.locale);
  const series = [i?.seriesNumber !== undefined ? `#${i.seriesNumber}` : '', i?.seriesDescription ?? ''].filter(
    Boolean,
  );
  const position = [
    i?.sliceLocation !== undefined ? `Loc ${fixed(i.sliceLocation)} mm` : '',
    s.sliceThickness !== undefined ? `Thk ${fixed(s.sliceThickness, 2)} mm` : '',
  ].filter(Boolean);
  return {
    topLeft: [formatPersonName(i?.patientName), [i?.patientId ?? '', sex].join('').trim(), birth].filter(Boolean),
    topRight: [formatDate(i?.studyDate, s.locale), i?.studyDescription ?? '', series.join(' ')].filter(Boolean),
    bottomLeft: [`Im ${s.index + 1}/${s.total}`, position.join(' ')].filter(Boolean),
    bottomRight: [
      s.voiLut
        ? `LUT ${s.voiLut.explanation || `VOI LUT ${s.voiLut.index + 1}`}`
        : s.voi
          ? `W ${Math.round(s.voi.width)} L ${Math.round(s.voi.center)}`
          : '',
      s.presentation ? `Zoom ${s.presentation.zoom.toFixed(2)}` : '',
    ].filter(Boolean),
  };
}

const NICE_MM = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** A scale bar length (mm) and its size in CSS pixels, aiming at about 100 px. */
export function scaleBar(cssPixelsPerMm: number | undefined): { mm: number; px: number } | undefined {
  if (!cssPixelsPerMm || !Number.isFinite(cssPixelsPerMm) || cssPixelsPerMm <= 0) return undefined;
  const mm = NICE_MM.reduce((best, m) =>
    Math.abs(m * cssPixelsPerMm - 100) < Math.abs(best * cssPixelsPerMm - 100) ? m : best,
  );
  return { mm, px: mm * cssPixelsPerMm };
}

const lines = (text: string[]) => text.join('\n');

/** The overlay layer; each corner is a slot the host can fill instead. */
export function overlayTemplate(
  s: OverlayState,
  show: { text: boolean; orientation: boolean; scale: boolean },
): TemplateResult {
  const c = cornerLines(s);
  const labels = s.axes ? edgeLabels(s.axes.right, s.axes.up) : undefined;
  const bar = show.scale ? scaleBar(s.cssPixelsPerMm) : undefined;
  return html`<div part="overlay" aria-hidden="true">
    ${
      show.text
        ? html`<div part="corner top-left"><slot name="top-left">${lines(c.topLeft)}</slot></div>
            <div part="corner top-right"><slot name="top-right">${lines(c.topRight)}</slot></div>
            <div part="corner bottom-left"><slot name="bottom-left">${lines(c.bottomLeft)}</slot></div>
            <div part="corner bottom-right"><slot name="bottom-right">${lines(c.bottomRight)}</slot></div>`
        : nothing
    }
    ${
      show.orientation && labels
        ? html`<div part="orientation orientation-top">${labels.top}</div>
            <div part="orientation orientation-bottom">${labels.bottom}</div>
            <div part="orientation orientation-left">${labels.left}</div>
            <div part="orientation orientation-right">${labels.right}</div>`
        : nothing
    }
    ${
      bar
        ? html`<div part="scale-bar" style=${styleProps({ width: `${bar.px}px` })}>
            <span part="scale-label">${bar.mm} mm</span>
          </div>`
        : nothing
    }
  </div>`;
}
