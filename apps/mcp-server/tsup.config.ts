import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Dependencies stay external (installed beside the package); the HTTP transport is a lazy chunk.
  splitting: true,
  // dist/main.js is the bin: keep it executable after every build.
  onSuccess: 'chmod +x dist/main.js',
});
