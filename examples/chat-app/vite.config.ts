// The chat app's build. `tokentab` resolves to the package's own build (dist/, through the
// "exports" of the repository's package.json, which Node and Vite let a package import by its own
// name): run `npm run build` at the repository root first. In your own app it comes from
// node_modules the same way.
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
