/** The annotations Cornerstone draws in `element`'s SVG layer, as an SVG document the size of the layer. */
export function annotationLayerSvg(element: HTMLElement): string | undefined {
  const layer = element.querySelector<SVGSVGElement>('.svg-layer');
  if (!layer) return undefined;
  const { width, height } = layer.getBoundingClientRect();
  const copy = layer.cloneNode(true) as SVGSVGElement;
  copy.removeAttribute('style');
  copy.removeAttribute('id');
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  copy.setAttribute('viewBox', `0 0 ${Math.round(width)} ${Math.round(height)}`);
  return new XMLSerializer().serializeToString(copy);
}
