import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documents } from '../../scripts/check-doc-snippets.mjs';

// The README and the guides link to each other and into the repository; moving a section must not
// leave a link to nowhere. Checks every relative link's file, and its #anchor against the target's
// headings as GitHub names them.
const root = fileURLToPath(new URL('../../', import.meta.url));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

function anchorsIn(markdown: string): Set<string> {
	const outsideCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
	return new Set([...outsideCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

describe('links in the docs', () => {
	it('every relative link of the README, CONTRIBUTING.md, docs/ and the examples points at a file and heading that exist', () => {
		const broken: string[] = [];
		for (const path of documents()) {
			const markdown = readFileSync(join(root, path), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
			for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
				const [file, anchor] = target!.split('#') as [string, string | undefined];
				const resolved = file ? normalize(join(root, dirname(path), file)) : join(root, path);
				if (!existsSync(resolved)) broken.push(`${path}: ${target} (no such file)`);
				else if (anchor && resolved.endsWith('.md') && !anchorsIn(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${path}: ${target} (no such heading)`);
			}
		}
		expect(broken).toEqual([]);
	});
});
