// docs/guides/vue.md: Vue 3 renders <fovea-viewport> as a custom element.
import { createApp, defineComponent, h, ref } from 'vue';
import '@fovea-dicom/elements';
import type { FoveaImageChangeEvent } from '@fovea-dicom/elements';

const SeriesViewer = defineComponent({
  props: { studyUid: { type: String, required: true }, seriesUid: { type: String, required: true } },
  setup(props) {
    const position = ref('');
    return () =>
      h('section', [
        h('fovea-viewport', {
          style: 'height: 480px',
          'dicomweb-root': '/dicom-web',
          'study-uid': props.studyUid,
          'series-uid': props.seriesUid,
          // Properties (not attributes) with Vue's `.prop` modifier spelling in render functions: a leading `.`.
          '.getAuthorization': async () => `Bearer ${sessionStorage.getItem('token') ?? ''}`,
          'onFovea-image-change': (e: FoveaImageChangeEvent) => {
            position.value = `${e.detail.index + 1} / ${e.detail.total}`;
          },
        }),
        h('p', position.value),
      ]);
  },
});

const app = createApp(SeriesViewer, { studyUid: '1.2.3', seriesUid: '1.2.3.4' });
// Only needed with runtime template compilation; with Vite use the plugin option shown in the guide.
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('fovea-');
app.mount('#app');
