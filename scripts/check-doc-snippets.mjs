// Type-checks every ```ts and ```js code block of the README, CONTRIBUTING.md, the guides in docs/
// and the examples' READMEs against the built package, so no example in the docs rots.
// `npm run docs:snippets` (after `npm run build`); test/node/doc-snippets.test.ts runs it too.
//
// Each block is a module of its own, compiled in memory beside the repository's package.json, so
// `import … from 'tokentab/…'` resolves through the package's own "exports" to dist/, as in an app
// that installed it; other imports (openai, ky…) come from the repository's node_modules. The
// names a snippet uses without defining (`apiKey`, `messages`, `session`…) are declared once in
// scripts/doc-snippets.d.ts. A block that imports `tokentab/cloudflare` or speaks of
// `ExportedHandler` is compiled with Cloudflare's Workers types, the others with Node's.
// A block that is partial on purpose is skipped when the line before its fence is `<!-- no-check -->`.
// docs/api.md is generated from the built declarations, which the build itself compiles: skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NO_CHECK = '<!-- no-check -->';
const LANGUAGES = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };

/** The markdown files whose code blocks are checked, relative to the repository. */
export function documents() {
	const inDir = (dir) =>
		readdirSync(`${ROOT}${dir}`)
			.filter((name) => name.endsWith('.md'))
			.map((name) => `${dir}/${name}`);
	const examples = readdirSync(`${ROOT}examples`, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => `examples/${entry.name}/README.md`)
		.filter((path) => ts.sys.fileExists(`${ROOT}${path}`));
	return ['README.md', 'CONTRIBUTING.md', ...inDir('docs').filter((path) => path !== 'docs/api.md'), ...examples].filter((path) => ts.sys.fileExists(`${ROOT}${path}`));
}

/** The code blocks of one markdown text: language, first line (1-based), code, and whether it is marked partial. */
export function codeBlocks(markdown) {
	const lines = markdown.split('\n');
	const blocks = [];
	for (let index = 0; index < lines.length; index++) {
		const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index]);
		if (!open) continue;
		const [, indent, fence, info] = open;
		const end = lines.findIndex((line, at) => at > index && line.trimStart().startsWith(fence));
		const close = end === -1 ? lines.length : end;
		let before = index - 1;
		while (before >= 0 && lines[before].trim() === '') before--;
		const code = lines.slice(index + 1, close).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
		blocks.push({ language: info.toLowerCase(), line: index + 2, code: code.join('\n'), noCheck: lines[before]?.trim() === NO_CHECK });
		index = close;
	}
	return blocks;
}

const isWorker = (code) => /from ['"]tokentab\/cloudflare['"]|\bExportedHandler\b/.test(code);

const BASE_OPTIONS = {
	target: ts.ScriptTarget.ES2022,
	module: ts.ModuleKind.ESNext,
	moduleResolution: ts.ModuleResolutionKind.Bundler,
	strict: true,
	noUncheckedIndexedAccess: true,
	isolatedModules: true,
	esModuleInterop: true,
	verbatimModuleSyntax: true,
	skipLibCheck: true,
	noEmit: true,
	allowJs: true,
	checkJs: true,
	lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
};
const ENVIRONMENTS = {
	node: { ...BASE_OPTIONS, types: ['node'] },
	worker: { ...BASE_OPTIONS, types: ['@cloudflare/workers-types'] },
};

/** Compiles the snippets of one environment in memory; returns their diagnostics. */
function compile(snippets, options) {
	const host = ts.createCompilerHost(options);
	const virtual = new Map(snippets.map((snippet) => [snippet.file, snippet.code]));
	const { getSourceFile, fileExists, readFile } = host;
	host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
	host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
	host.getSourceFile = (file, language, ...rest) => (virtual.has(file) ? ts.createSourceFile(file, virtual.get(file), language, true) : getSourceFile.call(host, file, language, ...rest));
	const program = ts.createProgram([...virtual.keys(), `${ROOT}scripts/doc-snippets.d.ts`], options, host);
	return ts.getPreEmitDiagnostics(program).filter((diagnostic) => !diagnostic.file || virtual.has(diagnostic.file.fileName));
}

/** Checks every block of the given markdown texts; returns the problems as `path:line: message` and what was checked. */
export function checkSnippets(texts = documents().map((path) => ({ path, markdown: readFileSync(`${ROOT}${path}`, 'utf8') }))) {
	const snippets = [];
	let skipped = 0;
	for (const { path, markdown } of texts) {
		for (const block of codeBlocks(markdown)) {
			const language = LANGUAGES[block.language];
			if (!language) continue;
			if (block.noCheck) {
				skipped++;
				continue;
			}
			// Beside package.json (so `tokentab` is the package itself), one module per block.
			const file = `${ROOT}.doc-snippets/${path.replaceAll('/', '__')}.${block.line}.${language === 'ts' ? 'mts' : 'mjs'}`;
			snippets.push({ path, line: block.line, file, code: `${block.code}\nexport {};\n`, environment: isWorker(block.code) ? 'worker' : 'node' });
		}
	}
	const problems = [];
	for (const [environment, options] of Object.entries(ENVIRONMENTS)) {
		const mine = snippets.filter((snippet) => snippet.environment === environment);
		if (mine.length === 0) continue;
		for (const diagnostic of compile(mine, options)) {
			const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
			const snippet = diagnostic.file && mine.find((candidate) => candidate.file === diagnostic.file.fileName);
			if (!snippet) {
				problems.push(`(${environment}): ${message}`);
				continue;
			}
			const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
			problems.push(`${snippet.path}:${snippet.line + line}: ${message}`);
		}
	}
	return { problems, checked: snippets.length, skipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { problems, checked, skipped } = checkSnippets();
	for (const problem of problems) console.error(problem);
	console.log(`doc snippets: ${checked} checked, ${skipped} marked ${NO_CHECK}, ${problems.length} problems`);
	process.exit(problems.length === 0 ? 0 : 1);
}
