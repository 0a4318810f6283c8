import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the console into src/web/dist, which console-app.ts serves.
 * `npm run dev:web` serves it with hot reload and sends /api to a Herald on :8080.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': process.env.HERALD_URL ?? 'http://127.0.0.1:8080' } },
});
