// The README quotes its benchmark headline (the HEADLINE sections of bench/RESULTS.md) between two
// markers. `npm run bench` rewrites that block from the file it has just written, and
// test/node/readme.test.ts checks the two still agree, so a figure in the README is always one the
// last run measured.
export const START = '<!-- bench:start (written by npm run bench from bench/RESULTS.md) -->';
export const END = '<!-- bench:end -->';

/** The sections of RESULTS.md the README quotes, by the start of their heading: its benchmark headline. */
export const HEADLINE = ['Weight on the call path'];

/** What the README shows of RESULTS.md: the date, the machine and the headline sections, a heading level down. */
export function quote(results) {
	const date = /on (\d{4}-\d\d-\d\d) \((\d\d:\d\d) UTC\)/.exec(results);
	const lines = results.split('\n');
	const machine = lines.find((line) => line.startsWith('**Machine**'));
	if (!date || !machine) throw new Error('bench/RESULTS.md: no date or no **Machine** line to quote from');
	const sections = HEADLINE.map((title) => {
		const from = lines.findIndex((line) => line.startsWith(`## ${title}`));
		if (from === -1) throw new Error(`bench/RESULTS.md: no "## ${title}" section to quote`);
		const next = lines.findIndex((line, index) => index > from && line.startsWith('## '));
		return lines
			.slice(from, next === -1 ? undefined : next)
			.join('\n')
			.replace(/^## /, '### ')
			.trim();
	});
	return [`Run on ${date[1]} at ${date[2]} UTC.`, '', machine, '', ...sections.flatMap((section) => [section, ''])].join('\n').trim();
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
