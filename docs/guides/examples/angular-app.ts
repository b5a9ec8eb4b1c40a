// docs/guides/angular.md: the component class, type-checked against @angular/core
// and Fovea's types (the template is checked by Angular's compiler, not here).
import { Component, CUSTOM_ELEMENTS_SCHEMA, input, signal } from '@angular/core';
import '@fovea-dicom/elements';
import type { FoveaImageChangeEvent } from '@fovea-dicom/elements';
import type { GetAuthorization } from '@fovea-dicom/core';

@Component({
  selector: 'app-series-viewer',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <fovea-viewport
      style="display: block; height: 480px"
      dicomweb-root="/dicom-web"
      [attr.study-uid]="studyUid()"
      [attr.series-uid]="seriesUid()"
      [getAuthorization]="auth"
      (fovea-image-change)="onImage($event)"
    ></fovea-viewport>
    <p>{{ position() }}</p>
  `,
})
export class SeriesViewerComponent {
  studyUid = input.required<string>();
  seriesUid = input.required<string>();
  position = signal('');
  auth: GetAuthorization = async () => `Bearer ${sessionStorage.getItem('token')}`;
  onImage(e: Event) {
    const { index, total } = (e as FoveaImageChangeEvent).detail;
    this.position.set(`${index + 1} / ${total}`);
  }
}
