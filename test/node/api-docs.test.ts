import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../scripts/api-docs.mjs';

// docs/api.md is generated (`npm run docs`); this fails when an export is added, renamed or removed
// without regenerating it. Wording changes in TSDoc are not checked here (`node scripts/api-docs.mjs --check` does).
describe('docs/api.md', () => {
	const text = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
	const entries = collect();

	it('has a section for every entry point in package.json "exports"', () => {
		expect(entries.map((entry) => entry.name)).toEqual(
			expect.arrayContaining(['tokentab', 'tokentab/core', 'tokentab/idb', 'tokentab/cloudflare', 'tokentab/ky', 'tokentab/remote', 'tokentab/prices']),
		);
		for (const entry of entries) expect(text).toContain(`## \`${entry.name}\`\n`);
		expect(text).toContain('## `tokentab/prices/<provider>`');
	});

	it('documents every export of every entry point (npm run docs)', () => {
		const missing: string[] = [];
		for (const entry of entries) {
			const section = text.slice(text.indexOf(`## \`${entry.name}\`\n`)).split(/\n## /)[0]!;
			for (const { name } of entry.exports) if (!section.includes(`### \`${name}\`\n`) && !section.includes(`[\`${name}\`](#`)) missing.push(`${entry.name}: ${name}`);
		}
		expect(missing).toEqual([]);
	});
});
