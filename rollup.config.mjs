import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

/** Entry points, each a subpath export: a bundle pays only for what it imports. */
const entries = { index: 'src/index.ts', ky: 'src/ky.ts', idb: 'src/stores/idb.ts', cloudflare: 'src/stores/cloudflare/index.ts' };

// Runtime dependencies stay imports: the app's bundler dedupes them.
const external = (id) => /^(big\.js|ky|idb-keyval)(\/|$)/.test(id) || id.startsWith('cloudflare:');

export default [
	{
		input: entries,
		external,
		plugins: [esbuild({ target: 'es2022' })],
		output: [
			{ dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared/[name]-[hash].js' },
			{ dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'shared/[name]-[hash].cjs' },
		],
	},
	{
		input: entries,
		external,
		plugins: [dts()],
		output: [
			{ dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'shared/[name]-[hash].d.ts' },
			{ dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'shared/[name]-[hash].d.cts' },
		],
	},
];
