// npm run check:package: the packed tarball, as npm would publish it, checked the way a user meets it.
// 1. `npm pack` holds only what a user needs: package.json, README.md, LICENSE, catalog.json and dist/ (no stale
//    chunks: the build empties dist first), and every file the exports map names.
// 2. publint --strict: the package.json fields against the files (warnings fail too).
// 3. @arethetypeswrong/cli, strict profile: every entry point, each `tokentab/prices/<provider>`
//    included (attw skips wildcard exports unless named), resolves to JavaScript and to its own
//    types under node10, node16 from CommonJS, node16 from ESM and bundler resolution.
// Exits 1 on any failure. Needs a build (`npm run check:package` builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules/.bin', name);
const failures = [];

if (!existsSync(join(root, 'dist/index.js'))) {
	console.error('check:package: no dist/ (run `npm run build` first)');
	process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'tokentab-pack-'));
try {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
	const tarball = join(dir, packed.filename);
	const files = packed.files.map((file) => file.path).sort();

	// 1. What the tarball holds.
	// `catalog.json`: the bundled catalog as one JSON file (`tokentab/catalog.json`), what `loadPrices()` fetches.
	const allowed = (path) => ['package.json', 'README.md', 'LICENSE', 'catalog.json'].includes(path) || /^dist\/[\w./-]+\.(js|cjs|d\.ts|d\.cts)$/.test(path);
	const extra = files.filter((path) => !allowed(path));
	if (extra.length) failures.push(`npm pack holds files a user does not need: ${extra.join(', ')}`);
	for (const needed of ['package.json', 'README.md', 'LICENSE']) if (!files.includes(needed)) failures.push(`npm pack lacks ${needed}`);
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const named = new Set();
	const collect = (target) => (typeof target === 'string' ? named.add(target.replace(/^\.\//, '')) : Object.values(target).forEach(collect));
	for (const [subpath, target] of Object.entries(pkg.exports)) if (!subpath.includes('*')) collect(target);
	for (const path of named) if (!files.includes(path)) failures.push(`exports names ${path}, which npm pack lacks`);
	// Every built file is reachable: entries, their types, and shared chunks some entry imports.
	const chunks = files.filter((path) => path.startsWith('dist/shared/'));
	const texts = files.filter((path) => path.startsWith('dist/') && !path.startsWith('dist/shared/')).map((path) => readFileSync(join(root, path), 'utf8'));
	const sharedTexts = chunks.map((path) => readFileSync(join(root, path), 'utf8'));
	// (by stem: a `.d.cts` chunk is imported as `./shared/types-<hash>.cjs`)
	const unused = chunks.filter((path) => {
		const stem = path.slice('dist/shared/'.length).replace(/\.(js|cjs|d\.ts|d\.cts)$/, '');
		return ![...texts, ...sharedTexts].some((text) => text.includes(`/${stem}.`));
	});
	if (unused.length) failures.push(`stale chunks no entry imports: ${unused.join(', ')}`);
	console.log(`npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(1)} KB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked`);

	// 2. publint.
	try {
		execFileSync(bin('publint'), ['run', tarball, '--strict'], { cwd: dir, stdio: 'inherit' });
	} catch {
		failures.push('publint reported problems (above)');
	}

	// 3. Are the types wrong? Every provider's prices entry named, since attw does not expand `./prices/*`.
	const providers = readdirSync(join(root, 'dist/prices'))
		.filter((file) => file.endsWith('.js'))
		.map((file) => `./prices/${file.slice(0, -3)}`);
	try {
		execFileSync(bin('attw'), [tarball, '--profile', 'strict', '--format', 'table-flipped', '--no-color', '--include-entrypoints', ...providers], {
			cwd: dir,
			stdio: 'inherit',
		});
	} catch {
		failures.push('@arethetypeswrong/cli reported problems (above)');
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
	for (const failure of failures) console.error(`FAIL ${failure}`);
	process.exit(1);
}
console.log('check:package: ok (npm pack contents, publint --strict, attw strict on every entry point)');
