import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = 'scripts/.build/prices-update.mjs';
const source = `${root}scripts/prices-update.ts`;

function build(): void {
	execFileSync('npx', ['esbuild', source, '--bundle', '--platform=node', '--format=esm', '--packages=external', '--log-level=warning', `--outfile=${script}`], { cwd: root });
}

function check(env: Record<string, string>, preload?: string): string {
	const args = [...(preload ? ['--import', preload] : []), script, '--check'];
	// Throws (with the script's output) when a file is out of date.
	return execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('npm run prices:update -- --check is a pure function of its sources', () => {
	it('passes a year from now, in another time zone and locale, as it does today', () => {
		build();
		const today = check({ TZ: 'UTC' });
		const ahead = check({ TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }, fileURLToPath(new URL('../support/clock-ahead.mjs', import.meta.url)));
		expect(today).toMatch(/\(0 out of date\)/);
		expect(ahead).toBe(today);
	}, 120_000);

	it('the preload really moves the clock (so the test above can fail)', () => {
		const year = execFileSync(
			process.execPath,
			['--import', fileURLToPath(new URL('../support/clock-ahead.mjs', import.meta.url)), '-e', 'console.log(new Date().getUTCFullYear() - new (Object.getPrototypeOf(Date))().getUTCFullYear())'],
			{ encoding: 'utf8' },
		);
		expect(year.trim()).toBe('1');
	});
});
