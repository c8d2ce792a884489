import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quote, quoted } from '../../bench/readme-quote.mjs';

// The README's benchmark figures are the last run's: `npm run bench` writes both files; an edit of
// one alone (or a run whose README change was not committed) fails here.
describe('README', () => {
	it('quotes bench/RESULTS.md exactly, date and machine included', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const results = readFileSync(new URL('../../bench/RESULTS.md', import.meta.url), 'utf8');
		expect(quoted(readme)).toBe(quote(results));
	});
});
