import { describe, expect, it } from 'vitest';
import { checkSnippets, documents } from '../../scripts/check-doc-snippets.mjs';

// Every ts/js block of the README and the guides compiles against the built package (`npm run
// docs:snippets` is the same check from the command line).
describe('code blocks in the docs', () => {
	it('every block of the README, CONTRIBUTING.md, docs/ and the examples compiles against the build', () => {
		expect(documents()).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/stores.md', 'examples/chat-app/README.md']));
		const { problems, checked } = checkSnippets();
		expect(problems).toEqual([]);
		expect(checked).toBeGreaterThan(10);
	}, 60_000);

	it('names the file and line of a block that no longer compiles, and skips one marked partial', () => {
		const markdown = [
			'# A guide',
			'',
			'```ts',
			"import { createTracker } from 'tokentab';",
			"createTracker({ store: 'memory' });",
			'```',
			'',
			'```ts',
			"import { notAnExport } from 'tokentab/idb';",
			'```',
			'',
			'<!-- no-check -->',
			'```ts',
			'createTracker({ store? });',
			'```',
			'',
			'```ts',
			"import { durableObjectStore } from 'tokentab/cloudflare';",
			'export default { fetch: (request, env) => new Response(String(durableObjectStore(env.TOKENTAB))) } satisfies ExportedHandler<{ TOKENTAB: DurableObjectNamespace }>;',
			'```',
		].join('\n');
		const { problems, checked, skipped } = checkSnippets([{ path: 'guide.md', markdown }]);
		expect({ checked, skipped }).toEqual({ checked: 3, skipped: 1 });
		expect(problems).toEqual([expect.stringMatching(/^guide\.md:5: Type 'string' is not assignable to type 'Store'/), expect.stringMatching(/^guide\.md:9: .*notAnExport/)]);
	}, 60_000);
});
