// Small statistics for bench samples.

/** The q-quantile (0..1) by nearest rank on sorted values; undefined for no samples. */
export function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * v.length));
  return v[Math.min(v.length, rank) - 1];
}

export const median = (values) => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export const p95 = (values) => quantile(values, 0.95);

export function summary(values) {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return undefined;
  return {
    n: v.length,
    median: median(v),
    p95: p95(v),
    min: Math.min(...v),
    max: Math.max(...v),
    mean: v.reduce((a, b) => a + b, 0) / v.length,
  };
}
