// The emscripten builds of the loader's codecs (CommonJS, no types of their
// own): each default export is a factory that resolves to the codec's module.
type EmscriptenFactory = (moduleArg?: Record<string, unknown>) => Promise<unknown>;

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decode' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decode' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decode' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-libjxl/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
