import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The scheduled workflow (.github/workflows/prices.yml) cannot run here; what it calls can:
// `npm run prices:update` (test/node/prices-check.test.ts) and scripts/prices-moved.mjs, which
// decides whether a pull request is opened and writes its description. Run here in a git repository
// of its own, with a committed catalog and a changed one.

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts/prices-moved.mjs');
const catalog = (models: [string, string][], version: string) => ({ schema: 1, version, source: 'test', providers: { openai: { m: models } } });
let repo: string | undefined;

function repoWith(committed: object): string {
	repo = mkdtempSync(join(tmpdir(), 'tokentab-prices-'));
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
	git('init', '-q');
	mkdirSync(join(repo, 'prices'));
	writeFileSync(join(repo, 'prices/catalog.json'), JSON.stringify(committed));
	git('add', '.');
	git('commit', '-qm', 'catalog');
	return repo;
}

const moved = (dir: string, ...args: string[]) => execFileSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8' }).trim();

afterEach(() => {
	if (repo) rmSync(repo, { recursive: true, force: true });
	repo = undefined;
});

describe('scripts/prices-moved.mjs: does the update open a pull request?', () => {
	const old = catalog(
		[
			['gpt-4o', 'i2.5 o10'],
			['gpt-4', 'i30 o60'],
		],
		'2026-11-28.aaaa',
	);

	it('no: the same prices (the file rewritten byte for byte)', () => {
		const dir = repoWith(old);
		writeFileSync(join(dir, 'prices/catalog.json'), JSON.stringify(old, null, 2));
		expect(moved(dir)).toBe('moved=false');
	});

	it('yes: a model added, one repriced, one removed, each listed in the description', () => {
		const dir = repoWith(old);
		writeFileSync(
			join(dir, 'prices/catalog.json'),
			JSON.stringify(
				catalog(
					[
						['gpt-4o', 'i2 o8'],
						['gpt-6.1-sol', 'i5 o20'],
					],
					'2026-12-06.bbbb',
				),
			),
		);
		expect(moved(dir, '--body', join(dir, 'body.md'))).toBe('moved=true');
		const body = readFileSync(join(dir, 'body.md'), 'utf8');
		expect(body).toContain('2026-11-28.aaaa → 2026-12-06.bbbb');
		expect(body).toContain('### Added (1)\n\n- `openai/gpt-6.1-sol`: "i5 o20"');
		expect(body).toContain('### Removed (1)\n\n- `openai/gpt-4`');
		expect(body).toContain('### Repriced (1)\n\n- `openai/gpt-4o`: "i2.5 o10" → "i2 o8"');
	});

	it('the workflow runs the update, this script, and opens a pull request only when it says so', () => {
		const workflow = readFileSync(join(root, '.github/workflows/prices.yml'), 'utf8');
		const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
		for (const [, name] of workflow.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, `npm run ${name}`).toHaveProperty(name!);
		expect(workflow).toMatch(/schedule:\n\s+- cron: '[\d*\s/,-]+'/);
		expect(workflow).toContain('run: npm run prices:update\n');
		expect(workflow).toContain('node scripts/prices-moved.mjs --body');
		expect(workflow.match(/if: steps\.moved\.outputs\.moved == 'true'\n\s+uses: peter-evans\/create-pull-request@v\d+/)).not.toBeNull();
	});
});
