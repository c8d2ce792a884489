// The README quotes bench/RESULTS.md between two markers. `npm run bench` rewrites that block from
// the file it has just written, and test/node/readme.test.ts checks the two still agree, so a
// figure in the README is always one the last run measured.
export const START = '<!-- bench:start (written by npm run bench from bench/RESULTS.md) -->';
export const END = '<!-- bench:end -->';

/** What the README shows of RESULTS.md: the date, the machine and every table, a heading level down. */
export function quote(results) {
	const date = /on (\d{4}-\d\d-\d\d) \((\d\d:\d\d) UTC\)/.exec(results);
	const lines = results.split('\n');
	const from = lines.findIndex((line) => line.startsWith('**Machine**'));
	if (!date || from === -1) throw new Error('bench/RESULTS.md: no date or no **Machine** line to quote from');
	const body = lines.slice(from).map((line) => line.replace(/^## /, '### '));
	return [`Run on ${date[1]} at ${date[2]} UTC.`, '', ...body].join('\n').trim();
}

/** The README text with its quoted block replaced by `quoted`. */
export function withQuote(readme, quoted) {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start === -1 || end < start) throw new Error(`README.md: no ${START} … ${END} block`);
	return `${readme.slice(0, start + START.length)}\n${quoted}\n${readme.slice(end)}`;
}

/** The block as it stands in the README. */
export function quoted(readme) {
	return readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
}
