// A page that opens one series in a viewport, as a person reloading the page
// would see it: a new document, a new Cornerstone, nothing kept in memory.
// Query: study, series, reports (measurement-reports attribute), rendering (the
// test page's <meta name="fovea-rendering">, which this page then has too).
import '@fovea-dicom/elements';

const params = new URL(location.href).searchParams;
const rendering = params.get('rendering');
if (rendering) {
  const meta = document.createElement('meta');
  meta.name = 'fovea-rendering';
  meta.content = rendering;
  document.head.append(meta);
}
const viewport = document.createElement('fovea-viewport');
viewport.style.width = '512px';
viewport.style.height = '512px';
viewport.setAttribute('dicomweb-root', '/dicom-web');
viewport.setAttribute('study-uid', params.get('study') ?? '');
viewport.setAttribute('series-uid', params.get('series') ?? '');
viewport.setAttribute('measurement-reports', params.get('reports') ?? 'show');
document.body.style.margin = '0';
document.body.append(viewport);
