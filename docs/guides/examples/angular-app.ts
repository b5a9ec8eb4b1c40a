// src/app/app.ts
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import '@fovea-dicom/elements';
import type { FoveaErrorEvent, FoveaImageChangeEvent } from '@fovea-dicom/elements';
import type { GetAuthorization } from '@fovea-dicom/core';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <section>
      <fovea-viewport
        style="height: 480px"
        dicomweb-root="/dicom-web"
        [attr.study-uid]="studyUid"
        [attr.series-uid]="seriesUid"
        [getAuthorization]="auth"
        (fovea-image-change)="onImage($event)"
        (fovea-error)="onError($event)"
      ></fovea-viewport>
      <p>{{ position() }}</p>
      @if (error()) {
        <p role="alert">{{ error() }}</p>
      }
    </section>
  `,
})
export class App {
  // The series to show: your study and series instance UIDs (from your worklist, a route, an EHR launch).
  readonly studyUid = '1.2.3';
  readonly seriesUid = '1.2.3.4';
  readonly position = signal('');
  readonly error = signal('');
  // Your token, if the archive wants one (see authentication.md); none is sent while there is none.
  readonly auth: GetAuthorization = async () => {
    const token = sessionStorage.getItem('token');
    return token ? `Bearer ${token}` : undefined;
  };

  onImage(e: Event): void {
    const { index, total } = (e as FoveaImageChangeEvent).detail;
    this.position.set(`${index + 1} / ${total}`);
  }

  onError(e: Event): void {
    this.error.set((e as FoveaErrorEvent).detail.message);
  }
}
