/** Edit distance (insertions, deletions, substitutions), stopping early once every path is over `limit`. */
function distance(a: string, b: string, limit: number): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			best = Math.min(best, row[j]!);
		}
		if (best > limit) return limit + 1;
		previous = row;
	}
	return previous[b.length]!;
}

const sharedPrefix = (a: string, b: string) => {
	let n = 0;
	while (n < a.length && n < b.length && a[n] === b[n]) n++;
	return n;
};

/**
 * The known id closest to `name`: the least edit distance, ties to the longest shared prefix; none
 * when even the closest differs in more than half of the name (a hint, not a guess at a price).
 */
export function nearestId(name: string, ids: Iterable<string>): string | undefined {
	const lower = name.toLowerCase();
	let found: string | undefined;
	let best = Math.ceil(lower.length / 2);
	let prefix = -1;
	for (const id of ids) {
		const d = distance(lower, id.toLowerCase(), best);
		const shared = sharedPrefix(lower, id.toLowerCase());
		if (d < best || (d === best && shared > prefix)) {
			found = id;
			best = d;
			prefix = shared;
		}
	}
	return found;
}
