import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/** The same suite, against the built package, in each runtime the package claims (installed from npm by `npm install`). */
/**
 * And what the app gets: the upstream Response itself, or in Deno and Bun (whose servers take a
 * returned Response whole and read it natively, past any own property) a wrapper over an observed body.
 */
const RUNTIMES: [name: string, command: string, args: string[], response: 'upstream' | 'wrapper'][] = [
	['Node 22', process.execPath, [], 'upstream'],
	['Deno', bin('deno'), ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env'], 'wrapper'],
	['Bun', bin('bun'), ['run'], 'wrapper'],
];

describe('the built package in every server runtime', () => {
	it('has a build to test (npm test builds first)', () => {
		expect(existsSync(`${root}dist/index.js`)).toBe(true);
	});

	it.each(RUNTIMES)('%s', async (_name, command, args, response) => {
		expect(existsSync(command), `${command} is installed by npm install`).toBe(true);
		const { stdout } = await run(command, [...args, 'test/runtimes/run.mjs', inject('llmServerUrl')], { cwd: root, timeout: 60_000 });
		expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ cost: '0.002904', calls: 3, events: 3, response });
	});
});
