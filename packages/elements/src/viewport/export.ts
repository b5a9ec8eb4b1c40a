/**
 * Exports what a viewport shows as PNG: the rendered canvas, optionally with
 * the overlay text drawn in the same corners, so a clinician can file or share
 * exactly what they saw.
 */
export async function exportPng(
  source: HTMLCanvasElement,
  corners: Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight', string[]> | undefined,
  style: CSSStyleDeclaration,
  layers: readonly CanvasImageSource[] = [],
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.drawImage(source, 0, 0);
  // Layers drawn over the image (annotations), stretched to the canvas.
  for (const layer of layers) ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
  if (corners) {
    const scale = source.width / Math.max(1, source.clientWidth || source.width);
    const size = Math.round(12 * scale);
    const line = Math.round(size * 1.3);
    const pad = Math.round(8 * scale);
    ctx.font = `${size}px ${style.fontFamily || 'sans-serif'}`;
    ctx.fillStyle = style.color || '#e8e8e8';
    ctx.shadowColor = '#000';
    ctx.shadowBlur = 2 * scale;
    const draw = (lines: string[], right: boolean, bottom: boolean) => {
      ctx.textAlign = right ? 'right' : 'left';
      ctx.textBaseline = bottom ? 'bottom' : 'top';
      const x = right ? canvas.width - pad : pad;
      lines.forEach((text, i) => {
        const y = bottom ? canvas.height - pad - (lines.length - 1 - i) * line : pad + i * line;
        ctx.fillText(text, x, y);
      });
    };
    draw(corners.topLeft, false, false);
    draw(corners.topRight, true, false);
    draw(corners.bottomLeft, false, true);
    draw(corners.bottomRight, true, true);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** An SVG document as a decoded image, to draw onto a canvas (no foreign content: it does not taint the canvas). */
export async function svgImage(svg: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  return image;
}
