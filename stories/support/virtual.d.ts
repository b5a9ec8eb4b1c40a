declare module 'virtual:fovea-samples' {
  /** The stories' sample series (written by .storybook/samples.ts). */
  const samples: { key: string; studyInstanceUid: string; seriesInstanceUid: string; description: string }[];
  export default samples;
}
