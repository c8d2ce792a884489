import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets: the packed tarball (`npm pack`, after the build `npm test` runs first),
// installed into a consumer project, and apps that import it built by real bundlers (Vite, esbuild,
// rollup with node-resolve), each with its defaults for a minified browser build. Tree-shaking is
// proven by looking for marker strings in every file each build wrote, with a positive control
// (an app importing every entry point, in whose output every marker is found), and the apps run.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLERS = ['vite', 'esbuild', 'rollup'] as const;
const APPS = ['core', 'openai', 'full', 'everything'] as const;
type Bundler = (typeof BUNDLERS)[number];
type App = (typeof APPS)[number];
type Built = Record<App, { dir: string; entry: string; files: string[] }>;

/** Strings found only in what each group of code brings (each is in the positive control's output). */
const MARKERS = {
	// The `source` line of every provider's prices in the catalog.
	'the price catalog (any provider)': ['hand overlay (src/pricing/overlay)'],
	"OpenAI's prices": ['developers.openai.com/api/docs/pricing', 'gpt-4o-realtime-preview-2024-10-01'],
	"Anthropic's prices": ['platform.claude.com/docs/en/about-claude/pricing', 'claude-3-opus-latest'],
	// idb-keyval's createStore and tokentab/idb: property names, which minifiers keep.
	'IndexedDB code (idb-keyval, tokentab/idb)': ['onupgradeneeded', 'objectStore'],
	ky: ['RateLimit-Reset', 'unsupported BodyInit type'],
	'the Cloudflare Durable Object': ['cloudflare:workers', 'putEntry'],
	// tokentab/otel's metric name and @opentelemetry/api's global key (`Symbol.for('opentelemetry.js.api.1')`).
	OpenTelemetry: ['gen_ai.client.token.usage', 'opentelemetry.js.api.'],
} as const;
type Group = keyof typeof MARKERS;

let project: string;
const built = {} as Record<Bundler, Built>;

/** Every JavaScript file one build of one app wrote, as one text. */
function output(bundler: Bundler, app: App): string {
	const { dir, files } = built[bundler][app];
	expect(files.length).toBeGreaterThan(0);
	return files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
}

/** Which marker groups are in the output (a group counts when any of its markers is). */
function groupsIn(text: string): Group[] {
	return (Object.keys(MARKERS) as Group[]).filter((group) => MARKERS[group].some((marker) => text.includes(marker)));
}

/**
 * The files an app loads before its first LLM call: its entry chunk and the chunks it imports
 * statically (`import … from './x.js'`, never `import('./x.js')`), as one text.
 */
function upFront(bundler: Bundler, app: App): string {
	const { dir, entry } = built[bundler][app];
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		const text = readFileSync(join(dir, file), 'utf8');
		for (const [, path] of text.matchAll(/\b(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["'](\.\.?\/[^"']+)["']/g)) visit(join(dirname(file), path!));
	};
	visit(entry);
	return [...seen].map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
}

async function runApp(bundler: Bundler, app: App): Promise<unknown> {
	const { dir, entry } = built[bundler][app];
	const { stdout } = await run(process.execPath, [join(dir, entry)], { cwd: project, timeout: 30_000 });
	return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

beforeAll(async () => {
	expect(existsSync(join(root, 'dist/index.js')), 'npm test builds first').toBe(true);
	project = mkdtempSync(join(tmpdir(), 'tokentab-consumer-'));
	// Install the tarball as npm lays it out: node_modules/tokentab from the tarball, and tokentab's
	// dependencies (big.js, idb-keyval, ky: none has dependencies of its own) beside it, linked from
	// this repository's install so that no network is needed.
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: root });
	const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
	const modules = join(project, 'node_modules');
	mkdirSync(modules);
	await run('tar', ['-xzf', join(project, filename), '-C', modules]);
	renameSync(join(modules, 'package'), join(modules, 'tokentab'));
	const manifest = JSON.parse(readFileSync(join(modules, 'tokentab/package.json'), 'utf8')) as { dependencies: Record<string, string> };
	for (const dependency of Object.keys(manifest.dependencies)) {
		const installed = join(root, 'node_modules', dependency);
		expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).dependencies ?? {}).toEqual({});
		symlinkSync(installed, join(modules, dependency), 'dir');
	}
	// The optional peers an app that imports tokentab/otel installs itself.
	mkdirSync(join(modules, '@opentelemetry'));
	symlinkSync(join(root, 'node_modules/@opentelemetry/api'), join(modules, '@opentelemetry/api'), 'dir');
	writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { tokentab: `file:${filename}` } }));
	cpSync(join(root, 'test/bundlers/apps'), project, { recursive: true });
	await Promise.all(
		BUNDLERS.map(async (bundler) => {
			const { stdout: json } = await run(process.execPath, [join(root, 'test/bundlers/build.mjs'), bundler, project, ...APPS], {
				cwd: root,
				timeout: 240_000,
				maxBuffer: 16 * 1024 * 1024,
			});
			built[bundler] = JSON.parse(json.trim().split('\n').at(-1)!) as Built;
		}),
	);
}, 300_000);

afterAll(() => {
	if (project) rmSync(project, { recursive: true, force: true });
});

describe.each(BUNDLERS)('an app built with %s from the packed tarball', (bundler) => {
	it('every entry point imported: every marker is found (the markers are sound)', () => {
		expect(groupsIn(output(bundler, 'everything'))).toEqual(Object.keys(MARKERS));
		// And the up-front reading follows static imports: prices imported statically are found there.
		expect(groupsIn(upFront(bundler, 'everything'))).toEqual(expect.arrayContaining(["OpenAI's prices", "Anthropic's prices"]));
	});

	it('tokentab/core alone: no price data, no IndexedDB, ky or Durable Object code; it runs', async () => {
		expect(groupsIn(output(bundler, 'core'))).toEqual([]);
		expect(await runApp(bundler, 'core')).toEqual({ cost: '0.0035', costKnown: true });
	});

	it("tokentab/core + tokentab/prices/openai: OpenAI's prices, not Anthropic's; it runs", async () => {
		expect(groupsIn(output(bundler, 'openai'))).toEqual(['the price catalog (any provider)', "OpenAI's prices"]);
		// gpt-4o priced from OpenAI's prices; claude-sonnet-4-5 left unpriced: its prices are not there.
		expect(await runApp(bundler, 'openai')).toEqual({ cost: '0.0035', costKnown: false });
	});

	it('budgets: a chunk of their own, loaded only when a tracker has one (never up front)', () => {
		// An event type only createBudgets emits (src/budgets/budgets.ts): a string minifiers keep.
		const budgets = 'budget.reservation.exceeded';
		for (const app of ['core', 'openai', 'full'] as const) {
			expect(output(bundler, app)).toContain(budgets);
			expect(upFront(bundler, app)).not.toContain(budgets);
		}
	});

	it('the pricing engine, the checks of price data and big.js: chunks loaded when the first call is priced (never up front)', () => {
		// A problem only the pricer states (src/pricing/pricer.ts), one only the checks state (src/pricing/validate.ts), and big.js's own error prefix.
		for (const marker of ['neither the request nor the response named a model', 'is not a price field', '[big.js] ']) {
			for (const app of ['core', 'openai', 'full'] as const) {
				expect(output(bundler, app)).toContain(marker);
				expect(upFront(bundler, app)).not.toContain(marker);
			}
		}
	});

	it("providers' readers: chunks of their own, loaded when a call is first routed to them (never up front)", () => {
		// Usage fields only Anthropic's and Gemini's readers name (src/providers/anthropic.ts, gemini.ts), and a
		// problem only the AWS event-stream decoder states (src/providers/eventstream.ts, Bedrock's reader brings it).
		for (const field of ['cache_creation_input_tokens', 'cachedContentTokenCount', 'event stream header at byte']) {
			for (const app of ['core', 'openai', 'full'] as const) {
				expect(output(bundler, app)).toContain(field);
				expect(upFront(bundler, app)).not.toContain(field);
			}
		}
	});

	it("tokentab: every provider's prices in chunks of their own, none loaded up front; no IndexedDB, ky or Durable Object code; it runs", async () => {
		expect(groupsIn(output(bundler, 'full'))).toEqual(['the price catalog (any provider)', "OpenAI's prices", "Anthropic's prices"]);
		// What loads before the first call: the tracker, not one price (each provider's is a dynamic import).
		expect(groupsIn(upFront(bundler, 'full'))).toEqual([]);
		expect(upFront(bundler, 'full')).toMatch(/\bimport\(/);
		// 1000 × $2.5/M + 100 × $10/M (gpt-4o) + 1000 × $3/M + 100 × $15/M (claude-sonnet-4-5)
		expect(await runApp(bundler, 'full')).toEqual({ cost: '0.008', costKnown: true });
	});
});

describe('Node loads every entry point of the installed tarball', () => {
	// tokentab/cloudflare imports `cloudflare:workers`: workerd loads it (test/workers).
	const ENTRIES = `{
		createTracker: typeof root.createTracker,
		bundledModels: Object.keys(root.bundledCatalog.providers ?? {}).length > 40,
		coreCreateTracker: typeof core.createTracker,
		catalogJSON: Object.keys(prices.catalogJSON.providers).length > 40,
		openai: Object.keys(openai.providers),
		loadPrices: typeof remote.loadPrices,
		trackKy: typeof ky.trackKy,
		indexedDBStore: typeof idb.indexedDBStore,
		catalogJSONFile: catalogFile.version === prices.version && Object.keys(catalogFile.providers).length > 40,
	}`;
	const expected = {
		createTracker: 'function',
		bundledModels: true,
		coreCreateTracker: 'function',
		catalogJSON: true,
		openai: ['openai'],
		loadPrices: 'function',
		trackKy: 'function',
		indexedDBStore: 'function',
		catalogJSONFile: true,
	};

	it('as ESM (import)', async () => {
		writeFileSync(
			join(project, 'load.mjs'),
			`import * as root from 'tokentab';
			import * as core from 'tokentab/core';
			import * as prices from 'tokentab/prices';
			import openai from 'tokentab/prices/openai';
			import * as remote from 'tokentab/remote';
			import * as ky from 'tokentab/ky';
			import * as idb from 'tokentab/idb';
			import catalogFile from 'tokentab/catalog.json' with { type: 'json' };
			console.log(JSON.stringify(${ENTRIES}));`,
		);
		const { stdout } = await run(process.execPath, ['load.mjs'], { cwd: project });
		expect(JSON.parse(stdout)).toEqual(expected);
	});

	it('as CommonJS (require; ky itself is ESM only, loaded by require(esm) in Node 22)', async () => {
		writeFileSync(
			join(project, 'load.cjs'),
			`const root = require('tokentab');
			const core = require('tokentab/core');
			const prices = require('tokentab/prices');
			const openai = require('tokentab/prices/openai').default;
			const remote = require('tokentab/remote');
			const ky = require('tokentab/ky');
			const idb = require('tokentab/idb');
			const catalogFile = require('tokentab/catalog.json');
			console.log(JSON.stringify(${ENTRIES}));`,
		);
		const { stdout } = await run(process.execPath, ['load.cjs'], { cwd: project });
		expect(JSON.parse(stdout)).toEqual(expected);
	});
});
