// After `npm run prices:update`: did the prices move? Compares prices/catalog.json in the working
// tree with the committed one (HEAD), model by model, and prints `moved=true|false` (a GitHub Actions
// step output: the scheduled workflow .github/workflows/prices.yml opens a pull request only then).
// `--body <file>` writes the pull request's description: the versions and every model added, removed
// or repriced. A pure function of the two files: no clock, no network.
//   node scripts/prices-moved.mjs [--body <file>]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const PATH = 'prices/catalog.json';

/** `provider/model` → its price strings, over a catalog's every provider. */
function entries(catalog) {
	const found = new Map();
	for (const [provider, { m }] of Object.entries(catalog.providers)) for (const [id, prices] of m) found.set(`${provider}/${id}`, JSON.stringify(prices));
	return found;
}

const committed = JSON.parse(execFileSync('git', ['show', `HEAD:${PATH}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
const current = JSON.parse(readFileSync(PATH, 'utf8'));
const before = entries(committed);
const after = entries(current);
const added = [...after.keys()].filter((key) => !before.has(key));
const removed = [...before.keys()].filter((key) => !after.has(key));
const repriced = [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key));
const moved = added.length + removed.length + repriced.length > 0;

const body = process.argv.indexOf('--body');
if (body !== -1) {
	const list = (title, keys, show) => (keys.length ? [`### ${title} (${keys.length})`, '', ...keys.sort().map(show), ''] : []);
	const text = [
		`Prices moved: ${committed.version} → ${current.version}.`,
		'',
		`Source: ${current.source ?? 'unknown'}`,
		'',
		...list('Added', added, (key) => `- \`${key}\`: ${after.get(key)}`),
		...list('Removed', removed, (key) => `- \`${key}\``),
		...list('Repriced', repriced, (key) => `- \`${key}\`: ${before.get(key)} → ${after.get(key)}`),
		'Opened by the scheduled workflow `.github/workflows/prices.yml` (`npm run prices:update`).',
	].join('\n');
	writeFileSync(process.argv[body + 1], `${text}\n`);
}
console.log(`moved=${moved}`);
