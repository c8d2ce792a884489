import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The examples as their users take them: each folder copied out of this repository, its `tokentab`
// dependency pointed at the packed tarball (`npm pack`, after the build `npm test` runs first), its
// own `npm install` (from the npm registry, through npm's cache when it can), and its own `npm test`
// run there, against the demo server this repository's test setup starts.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = ['chat-app', 'node-server', 'worker-gateway'] as const;
/** What a run in the repository leaves in an example's folder, which a user's copy would not have. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.vite', '.wrangler', 'test-output']);
const MINUTES = 60_000;

let workspace: string;
let tarball: string;

beforeAll(async () => {
	expect(existsSync(join(root, 'dist/index.js')), 'npm test builds first').toBe(true);
	workspace = mkdtempSync(join(tmpdir(), 'tokentab-examples-'));
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', workspace], { cwd: root });
	tarball = join(workspace, (JSON.parse(stdout) as [{ filename: string }])[0].filename);
}, 2 * MINUTES);

afterAll(() => {
	if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** `npm <args>` in the copied app; a failure says what npm printed. */
async function inApp(app: string, args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<void> {
	try {
		await run('npm', args, { cwd: app, env, timeout, maxBuffer: 64 * 1024 * 1024 });
	} catch (error) {
		const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
		throw new Error(`npm ${args.join(' ')} failed in ${app}:\n${`${stdout}\n${stderr}`.trim().slice(-6000)}`);
	}
}

describe.each(EXAMPLES)('examples/%s, copied out and installed from the packed package', (example) => {
	let app: string;

	beforeAll(async () => {
		app = join(workspace, example);
		cpSync(join(root, 'examples', example), app, { recursive: true, filter: (source) => !NOT_COPIED.has(source.split('/').at(-1)!) });
		const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
		expect(manifest.dependencies.tokentab, 'the example depends on tokentab from npm').toMatch(/^\^\d/);
		manifest.dependencies.tokentab = `file:${tarball}`;
		writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		await inApp(app, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], process.env, 10 * MINUTES);
	}, 11 * MINUTES);

	it('has tokentab from the tarball, not from this repository', () => {
		const installed = join(app, 'node_modules/tokentab');
		expect(lstatSync(installed).isSymbolicLink()).toBe(false);
		const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
		expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).toMatchObject({ name: 'tokentab', version: ours.version });
		expect(existsSync(join(installed, 'src')), 'only what npm publishes').toBe(false);
	});

	it(
		'passes its own type check and its own tests there',
		async () => {
			const env = { ...process.env, CI: 'true', LLM_SERVER_URL: inject('demoServerUrl'), TEST_SERVER_URL: inject('llmServerUrl'), WRANGLER_SEND_METRICS: 'false' };
			await inApp(app, ['run', 'typecheck'], env, 3 * MINUTES);
			const reportFile = join(workspace, `${example}.vitest.json`);
			await inApp(app, ['test', '--', '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`], env, 8 * MINUTES);
			const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { numTotalTests: number; numPassedTests: number; success: boolean };
			expect(report.success).toBe(true);
			expect(report.numTotalTests).toBeGreaterThan(0);
			expect(report.numPassedTests).toBe(report.numTotalTests);
		},
		12 * MINUTES,
	);
});
