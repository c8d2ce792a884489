// The chat app's build. `tokentab` comes from node_modules, as any package (in the tokentab
// repository, node_modules/tokentab is the repository itself: run `npm run build` there first).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	// Vite's dependency cache beside the app (the default, node_modules/.vite, is the repository's).
	cacheDir: fileURLToPath(new URL('.vite', import.meta.url)),
	build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
	server: { host: '127.0.0.1', port: 5173 },
	preview: { host: '127.0.0.1', port: 4173 },
});
