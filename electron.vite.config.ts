import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** Fails the preload build unless it is one file whose only run-time import is 'electron'. */
const sandboxedPreloadCheck: Plugin = {
  name: 'sandboxed-preload-check',
  generateBundle(_options, bundle) {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
    if (chunks.length !== 1) this.error(`The sandboxed preload must be one file, got ${chunks.map((c) => c.fileName).join(', ')}`);
    for (const chunk of chunks) {
      const foreign = [...chunk.imports, ...chunk.dynamicImports].filter((id) => id !== 'electron');
      if (foreign.length > 0) this.error(`The sandboxed preload may only require 'electron', but needs: ${foreign.join(', ')}`);
    }
  },
};

// sip.js is ESM-only: it is bundled into main instead of being required at run time.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['sip.js'] },
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    plugins: [sandboxedPreloadCheck],
    build: {
      // A sandboxed preload cannot load ES modules: emit one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the renderer's size is what users wait for.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
