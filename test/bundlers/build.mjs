// Builds the apps of test/bundlers/apps, copied into a consumer project where tokentab is installed
// from its packed tarball, with one real bundler, as an app's production build would:
//   node test/bundlers/build.mjs <vite|esbuild|rollup> <project dir> <app>...
// Each app goes to <project>/out/<bundler>/<app>/ on its own (no chunks shared between apps, so
// what each contains is what its own imports brought). Prints { [app]: { entry, files } } as JSON:
// the entry chunk to run and every JavaScript file written. Runs in its own Node process, outside
// vitest, with the bundlers' own defaults for a browser build and minification on.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [bundler, project, ...apps] = process.argv.slice(2);
// `cloudflare:workers` is a module of workerd alone: the Worker's bundler leaves it external too.
const isExternal = (id) => id.startsWith('cloudflare:');

const builders = {
	async vite(app, out) {
		const { build } = await import('vite');
		// A real app: index.html loads the script. No modulepreload polyfill, so the output also
		// runs in Node for the check (the polyfill touches `document`).
		writeFileSync(join(project, `${app}.html`), `<!doctype html><script type="module" src="./${app}.js"></script>\n`);
		await build({
			root: project,
			configFile: false,
			logLevel: 'silent',
			mode: 'production',
			build: {
				outDir: out,
				emptyOutDir: true,
				modulePreload: false,
				rolldownOptions: { input: join(project, `${app}.html`), external: isExternal },
			},
		});
		// The entry is the script the built page loads (a chunk's name alone may match a reader's: `openai-…`).
		const page = readFileSync(join(out, `${app}.html`), 'utf8');
		return /<script type="module"[^>]*\bsrc="\/?([^"]+)"/.exec(page)[1];
	},
	async esbuild(app, out) {
		const { build } = await import('esbuild');
		await build({
			entryPoints: { [app]: join(project, `${app}.js`) },
			absWorkingDir: project,
			bundle: true,
			minify: true,
			splitting: true,
			format: 'esm',
			platform: 'browser',
			outdir: out,
			external: ['cloudflare:*'],
			logLevel: 'silent',
		});
		return `${app}.js`;
	},
	async rollup(app, out) {
		const { rollup } = await import('rollup');
		const { nodeResolve } = await import('@rollup/plugin-node-resolve');
		const { minify } = await import('rollup-plugin-esbuild');
		const bundle = await rollup({
			input: { [app]: join(project, `${app}.js`) },
			external: isExternal,
			plugins: [nodeResolve({ browser: true }), minify()],
			onwarn: () => {},
		});
		await bundle.write({ dir: out, format: 'es', entryFileNames: '[name].js' });
		await bundle.close();
		return `${app}.js`;
	},
};

function files(dir) {
	const found = [];
	const walk = (path) => {
		for (const name of readdirSync(path)) {
			const full = join(path, name);
			if (statSync(full).isDirectory()) walk(full);
			else found.push(relative(dir, full));
		}
	};
	walk(dir);
	return found.sort();
}

const result = {};
for (const app of apps) {
	const out = join(project, 'out', bundler, app);
	const entry = await builders[bundler](app, out);
	result[app] = { dir: out, entry, files: files(out).filter((file) => /\.(m?js|cjs)$/.test(file)) };
}
// The consumer project is `"type": "module"`, so Node runs these ESM chunks as they are.
console.log(JSON.stringify(result));
