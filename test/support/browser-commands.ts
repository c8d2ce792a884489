import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserCommand } from 'vitest/node';

/**
 * Runs in the node process: bundles a module (src included) into one ESM script, so a frame that
 * cannot load modules from vitest's server (an opaque-origin sandboxed frame) can still run it.
 */
export const bundle: BrowserCommand<[entry: string]> = async (_context, entry) => {
	const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
	return result.outputFiles[0]!.text;
};

/** An app served by `serveApp`: its base URL, the file of each provider's price chunk, and of each other lazy chunk by its module's name. */
export interface ServedApp {
	url: string;
	priceChunks: Record<string, string>;
	/** Chunks loaded by `import()` from the package's own shared files: `tracker-pricer` → `/tracker-pricer-….js`. */
	lazyChunks: Record<string, string>;
}

const apps = new Map<string, { server: Server; requested: string[]; refused: Set<string> }>();

/**
 * Runs in the node process: builds an app of the built package (dist) as a consumer would, with
 * esbuild's code splitting (minified, browser), and serves its chunks over HTTP (with CORS, the
 * page's origin being vitest's) from 127.0.0.1, logging every path asked for (`servedPaths`): what
 * the browser really loads, and when.
 */
export const serveApp: BrowserCommand<[source: string]> = async (_context, source) => {
	const root = fileURLToPath(new URL('../..', import.meta.url));
	const result = await build({
		stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
		bundle: true,
		minify: true,
		splitting: true,
		format: 'esm',
		platform: 'browser',
		outdir: '/app',
		entryNames: 'app',
		write: false,
		metafile: true,
		logLevel: 'silent',
	});
	const files = new Map(result.outputFiles.map((file) => [file.path.slice('/app'.length), file.text]));
	const priceChunks: Record<string, string> = {};
	const lazyChunks: Record<string, string> = {};
	for (const [path, output] of Object.entries(result.metafile.outputs)) {
		const provider = /^dist\/prices\/(.+)\.js$/.exec(output.entryPoint ?? '')?.[1];
		if (provider) priceChunks[provider] = `/${path.slice(path.lastIndexOf('/') + 1)}`;
		const lazy = /^dist\/shared\/(.+)-[\w-]{8}\.js$/.exec(output.entryPoint ?? '')?.[1];
		if (lazy) lazyChunks[lazy] = `/${path.slice(path.lastIndexOf('/') + 1)}`;
	}
	const requested: string[] = [];
	const refused = new Set<string>();
	const server = createServer((request, response) => {
		const path = new URL(request.url!, 'http://app').pathname;
		requested.push(path);
		const text = refused.has(path) ? undefined : files.get(path);
		response
			.writeHead(text === undefined ? (refused.has(path) ? 503 : 404) : 200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*', 'cache-control': 'no-store' })
			.end(text ?? '');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	apps.set(url, { server, requested, refused });
	return { url, priceChunks, lazyChunks } satisfies ServedApp;
};

/** Makes an app served by `serveApp` answer 503 for these paths (an outage, a deploy that removed them), or serve them again (`false`). */
export const refusePaths: BrowserCommand<[url: string, paths: string[], refuse: boolean]> = (_context, url, paths, refuse) => {
	const app = apps.get(url);
	for (const path of paths) {
		if (refuse) app?.refused.add(path);
		else app?.refused.delete(path);
	}
};

/** The paths an app served by `serveApp` was asked for, in order. */
export const servedPaths: BrowserCommand<[url: string]> = (_context, url) => [...(apps.get(url)?.requested ?? [])];

export const stopApp: BrowserCommand<[url: string]> = async (_context, url) => {
	const app = apps.get(url);
	apps.delete(url);
	if (!app) return;
	const closed = new Promise((resolve) => app.server.close(resolve));
	// The page may keep a connection open (keep-alive): close waits for every connection, so end them.
	app.server.closeAllConnections();
	await closed;
};

declare module 'vitest/browser' {
	interface BrowserCommands {
		bundle: (entry: string) => Promise<string>;
		serveApp: (source: string) => Promise<ServedApp>;
		servedPaths: (url: string) => Promise<string[]>;
		refusePaths: (url: string, paths: string[], refuse: boolean) => Promise<void>;
		stopApp: (url: string) => Promise<void>;
	}
}
