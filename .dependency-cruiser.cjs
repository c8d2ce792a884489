// The ladder of docs/architecture.md: each folder of src/ imports only from the rungs below it (and
// from itself), and no file imports itself round a circle. A rule per rung, named after it, so an
// import that climbs fails `npm run lint` and says which rung it broke.
const RUNGS = [['errors'], ['model'], ['sse', 'stores'], ['providers', 'pricing', 'estimate'], ['budgets', 'analytics', 'observe'], ['tracker'], ['integrations']];
const folder = (name) => `^src/${name}/`;

/** For the folders of one rung: an import into any folder of this rung (but their own) or above is forbidden. */
const rungRules = RUNGS.flatMap((names, rung) =>
	names.map((name) => {
		const above = RUNGS.slice(rung + 1).flat();
		const sameRung = names.filter((other) => other !== name);
		return {
			name: `rung-${rung}-${name}`,
			comment: `src/${name}/ (rung ${rung}) imports only from rungs 0-${rung - 1 < 0 ? 'none' : rung - 1} and from itself: ${[...sameRung, ...above].join(', ') || 'nothing'} is out of reach`,
			severity: 'error',
			from: { path: folder(name) },
			to: { path: [...sameRung, ...above].map(folder).join('|') || '^$' },
		};
	}),
);

module.exports = {
	forbidden: [
		{ name: 'no-circular', comment: 'a circle of imports: cut it by moving the shared piece down', severity: 'error', from: {}, to: { circular: true } },
		// The entry points (src/*.ts) re-export; nothing inside the house imports them.
		{ name: 'entry-points-on-top', comment: 'only an entry point (src/*.ts) imports another entry point', severity: 'error', from: { path: '^src/[^/]+/' }, to: { path: '^src/[^/]+\\.ts$' } },
		...rungRules,
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^src/pricing/data/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		// Dynamic import() is an import too: a lazy chunk may not climb either.
		moduleSystems: ['es6'],
	},
};
