/**
 * Suffixes of dated snapshots and versions that resolve to their family when the snapshot has no
 * entry. `-latest` is not one: a moving alias points at different models over time, so it is data
 * (see `overlay/aliases.ts`), never a suffix to drop.
 */
const SNAPSHOT_SUFFIXES = [/-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /@\d{8}$/, /@[\w.-]+$/, /-\d{3}$/];
const COMPACT_DATE = /-(20\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])(?=$|[-:@])/;

/** The names a model is looked up by, most specific first: as given, without a path, with its date dashed, without snapshot suffixes. */
export function candidateNames(model: string): string[] {
	const names: string[] = [];
	const add = (name: string) => {
		if (name && !names.includes(name)) names.push(name);
	};
	let name = model.trim().toLowerCase();
	add(name);
	const path = name.lastIndexOf('models/');
	if (path !== -1 && (path === 0 || name[path - 1] === '/')) add((name = name.slice(path + 7)));
	const dashed = name.replace(COMPACT_DATE, '-$1-$2-$3');
	if (dashed !== name) add(dashed);
	for (let stripped = true; stripped; ) {
		stripped = false;
		for (const suffix of SNAPSHOT_SUFFIXES) {
			const shorter = name.replace(suffix, '');
			if (shorter !== name && shorter) {
				add((name = shorter));
				stripped = true;
			}
		}
	}
	return names;
}
