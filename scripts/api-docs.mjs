// Writes docs/api.md, the API reference: every export of every entry point in package.json's
// "exports", read from the built declarations (dist/*.d.ts) with the TypeScript compiler API, with
// its TSDoc and its declaration. `npm run docs` builds first; `--check` exits 1 when docs/api.md
// differs from what would be written. test/node/api-docs.test.ts checks that it names every export.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}docs/api.md`;

/** What each entry point is for, shown under its heading. */
const ABOUT = {
	tokentab: 'The tracker with the price catalog bundled in this version: what most apps import.',
	'tokentab/core':
		'The tracker without the bundled catalog: give it one (`tokentab/prices/*`, `loadPrices`) or custom prices. Everything here is also exported by `tokentab`, whose `createTracker` differs only in its default catalog.',
	'tokentab/pricer': 'Prices calls without a tracker: the engine a tracker loads on the first call it prices.',
	'tokentab/store-kit': 'What a store of your own builds on: `applyBudgetOp`, the atomic budget change every built-in store runs.',
	'tokentab/idb': 'The IndexedDB store, for browsers.',
	'tokentab/cloudflare': 'The Durable Object store, for Cloudflare Workers: bind `TokentabDurableObject` and give `durableObjectStore(env.BINDING)` to the tracker.',
	'tokentab/ky': 'Tracked calls through a ky instance.',
	'tokentab/remote': 'A price catalog fetched at run time, validated, cached and kept fresh.',
	'tokentab/prices': 'The whole price catalog as data, compact and decoded.',
};

/** Entry points in the order the reference lists them, with their declaration files. */
function entryPoints() {
	const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
	const entries = [];
	for (const [subpath, conditions] of Object.entries(pkg.exports)) {
		const types = conditions?.import?.types;
		if (!types || subpath.includes('*')) continue;
		entries.push({ name: subpath === '.' ? 'tokentab' : `tokentab/${subpath.slice(2)}`, file: `${ROOT}${types.slice(2)}` });
	}
	const order = Object.keys(ABOUT);
	return entries.sort((a, b) => (order.indexOf(a.name) + 1 || 99) - (order.indexOf(b.name) + 1 || 99));
}

/** The provider catalogs behind `tokentab/prices/*`. */
const providerCatalogs = () =>
	readdirSync(`${ROOT}dist/prices`)
		.filter((file) => file.endsWith('.d.ts'))
		.map((file) => file.slice(0, -'.d.ts'.length))
		.sort();

const KINDS = [
	[ts.SyntaxKind.FunctionDeclaration, 'function'],
	[ts.SyntaxKind.ClassDeclaration, 'class'],
	[ts.SyntaxKind.InterfaceDeclaration, 'interface'],
	[ts.SyntaxKind.TypeAliasDeclaration, 'type'],
	[ts.SyntaxKind.VariableDeclaration, 'const'],
	[ts.SyntaxKind.EnumDeclaration, 'enum'],
];
const kindOf = (declaration) => KINDS.find(([kind]) => declaration.kind === kind)?.[1] ?? 'export';

/** The TSDoc of a symbol: its text, then its tags (`@example` as code). */
function docOf(symbol, checker) {
	const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
	const tags = symbol.getJsDocTags(checker).map((tag) => {
		const body = ts.displayPartsToString(tag.text ?? []).trim();
		if (tag.name === 'example') return `Example:\n\n\`\`\`ts\n${body.replace(/^```\w*\n?|```$/g, '').trim()}\n\`\`\``;
		return `*@${tag.name}* ${body}`;
	});
	return [text, ...tags].filter(Boolean).join('\n\n');
}

/** A declaration as written in the .d.ts (its members' TSDoc included), under its exported name. */
function declarationText(declaration, name, checker) {
	if (ts.isVariableDeclaration(declaration)) {
		// A literal type (the catalog's version string) changes with the data: show its base type.
		const type = checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(declaration));
		return `const ${name}: ${checker.typeToString(type, declaration, ts.TypeFormatFlags.NoTruncation)};`;
	}
	let text = declaration.getText().replace(/^declare /, '');
	const own = declaration.name?.getText();
	if (own && own !== name) text = text.replace(new RegExp(`\\b${own}\\b`), name);
	return text.replace(/^ {4}/gm, '\t').replace(/^\t/gm, '  ');
}

/** Every entry point's exports, each with its kind, TSDoc and declarations. */
export function collect() {
	const entries = entryPoints();
	const program = ts.createProgram(
		entries.map((entry) => entry.file),
		{ noEmit: true, skipLibCheck: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, types: [] },
	);
	const checker = program.getTypeChecker();
	return entries.map((entry) => {
		const source = program.getSourceFile(entry.file);
		if (!source) throw new Error(`${entry.file} is missing: run npm run build first`);
		const module = checker.getSymbolAtLocation(source);
		const exports = (module ? checker.getExportsOfModule(module) : []).map((symbol) => {
			const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
			const declarations = (target.declarations ?? []).filter((declaration) => !ts.isModuleDeclaration(declaration));
			return {
				name: symbol.name,
				kind: declarations[0] ? kindOf(declarations[0]) : 'export',
				doc: docOf(target, checker),
				code: declarations.map((declaration) => declarationText(declaration, symbol.name, checker)).join('\n'),
			};
		});
		exports.sort((a, b) => a.name.localeCompare(b.name));
		return { ...entry, exports };
	});
}

/** Link targets: `entry-tokentab-idb` for an entry point, `tokentab-idb-indexeddbstore` for an export. */
const anchor = (entry, name) => (name ? `${entry.replace(/[^a-z0-9]+/gi, '-')}-${name}` : `entry-${entry.replace(/[^a-z0-9]+/gi, '-')}`).toLowerCase();

export function render(entries) {
	const seen = new Map(); // export name → the entry that documents it
	const lines = [
		'# tokentab API reference',
		'',
		'Every export of every entry point, generated from the TSDoc in the built declarations by',
		'`npm run docs` (scripts/api-docs.mjs). Do not edit by hand. Costs are `Big` (big.js) or decimal',
		'strings, never floats.',
		'',
		'## Entry points',
		'',
	];
	for (const entry of entries) lines.push(`- [\`${entry.name}\`](#${anchor(entry.name, '')}) – ${ABOUT[entry.name] ?? ''}`.trimEnd());
	lines.push(`- [\`tokentab/prices/<provider>\`](#tokentab-prices-provider) – one provider's prices.`, '');

	for (const entry of entries) {
		lines.push(`## \`${entry.name}\``, '', `<a id="${anchor(entry.name, '')}"></a>`, '');
		if (ABOUT[entry.name]) lines.push(ABOUT[entry.name], '');
		const again = entry.exports.filter((item) => seen.has(item.name) && seen.get(item.name).code === item.code);
		if (again.length) {
			lines.push(`Also exported here, documented above: ${again.map((item) => `[\`${item.name}\`](#${anchor(seen.get(item.name).entry, item.name)})`).join(', ')}.`, '');
		}
		for (const item of entry.exports) {
			if (again.includes(item)) continue;
			seen.set(item.name, { entry: entry.name, code: item.code });
			lines.push(`### \`${item.name}\``, '', `<a id="${anchor(entry.name, item.name)}"></a>`, '', `*${item.kind}*${item.doc ? ` · ${item.doc}` : ''}`, '');
			if (item.code) lines.push('```ts', item.code, '```', '');
		}
	}
	const providers = providerCatalogs();
	lines.push(
		'## `tokentab/prices/<provider>`',
		'',
		'<a id="tokentab-prices-provider"></a>',
		'',
		"Each provider's prices, as the default export: a `CatalogJSON` of one provider. Give the ones an app",
		'needs to `createTracker({ catalog })` from `tokentab/core`, alone or in a list: they are decoded and',
		'checked when the first call is priced (`combineCatalogs` from `tokentab/pricer` decodes them now).',
		'',
		'```ts',
		"import { createTracker } from 'tokentab/core';",
		"import openai from 'tokentab/prices/openai';",
		"import anthropic from 'tokentab/prices/anthropic';",
		'const tracker = createTracker({ catalog: [openai, anthropic] });',
		'```',
		'',
		`Providers: ${providers.map((name) => `\`${name}\``).join(', ')}.`,
		'',
	);
	return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const text = render(collect());
	if (process.argv.includes('--check')) {
		let current = '';
		try {
			current = readFileSync(OUT, 'utf8');
		} catch {
			// Missing: different.
		}
		if (current !== text) {
			console.error('docs/api.md is out of date: run npm run docs');
			process.exit(1);
		}
		console.log('docs/api.md is up to date');
	} else {
		writeFileSync(OUT, text);
		console.log(`wrote ${OUT}`);
	}
}
