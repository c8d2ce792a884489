import { toBig, ZERO } from '../model/money';
import { DecimalSum } from '../model/decimal';
import { addUsage } from '../model/usage';
import type { EndState } from '../model/summary';
import type { Calendar } from './calendar';
import { type Dimension, tagOf } from './options';
import type { TimeIndexEntry } from './time-index';
import type { ReportFigures, ReportRow, TimeGroup } from './types';

export const emptyFigures = (): ReportFigures => ({ calls: 0, usage: {}, cost: ZERO, costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 });

/** Counts one call into `figures`, its cost into `cost` (figures.cost is set from it at the end). */
function count(figures: ReportFigures, cost: DecimalSum, entry: TimeIndexEntry): void {
	figures.calls++;
	addUsage(figures.usage, entry.usage);
	if (entry.cost === undefined) {
		figures.unpricedCalls++;
		figures.costKnown = false;
	} else {
		cost.add(entry.cost);
	}
	if (entry.usageSource === 'estimated') figures.estimatedCalls++;
	if (entry.failed) figures.failedCalls++;
}

/** Adds `b` into `a`. */
export function addFigures(a: ReportFigures, b: ReportFigures): ReportFigures {
	a.calls += b.calls;
	addUsage(a.usage, b.usage);
	a.cost = a.cost.plus(b.cost);
	a.costKnown &&= b.costKnown;
	a.unpricedCalls += b.unpricedCalls;
	a.estimatedCalls += b.estimatedCalls;
	a.failedCalls += b.failedCalls;
	return a;
}

interface Group {
	keys: (string | null)[];
	/** Per key, what orders it: an hour's start instant; for the others, the key itself. */
	orders: (string | number | null)[];
	figures: ReportFigures;
	cost: DecimalSum;
}

/** Code-unit order (the same in every runtime and locale), `null` last. */
function compareKeys(a: string | number | null, b: string | number | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

/**
 * Calls grouped by `dimensions` as they are counted, one at a time: nothing is kept per call.
 * Groups sit in a tree of maps, a level per dimension, keyed by the call's own key strings (no id
 * is built per call); the call's keys are filled again for each call, and a new group copies them.
 */
export function createGroups(dimensions: Dimension[], calendar: Calendar) {
	const units = dimensions.flatMap((group): TimeGroup[] => (group.kind === 'time' ? [group.unit] : []));
	const groups: Group[] = [];
	const tree = new Map<string | null, unknown>();
	const keys: (string | null)[] = [];
	const orders: (string | number | null)[] = [];
	const newGroup = (): Group => {
		const group = { keys: [...keys], orders: [...orders], figures: emptyFigures(), cost: new DecimalSum() };
		groups.push(group);
		return group;
	};
	let whole: Group | undefined; // without dimensions, the one group (none when no call is counted)

	/** The group of a call: its index entry, its start in ms (read only when a period is asked) and its session's end. */
	function groupOf(entry: TimeIndexEntry, at: number, endState: EndState | null): Group {
		if (!dimensions.length) return (whole ??= newGroup());
		const periods = units.length ? calendar(at, units) : undefined;
		let node = tree;
		for (let index = 0; index < dimensions.length; index++) {
			const group = dimensions[index]!;
			let key: string | null;
			let order: string | number | null;
			if (group.kind === 'time') {
				const period = periods![group.unit];
				key = period.key;
				order = group.unit === 'hour' ? period.order : key;
			} else {
				if (group.kind === 'tag') key = tagOf(entry, group.tag);
				else if (group.field === 'user') key = entry.userId ?? null;
				else if (group.field === 'provider') key = entry.provider;
				else if (group.field === 'model') key = entry.model ?? null;
				else key = endState;
				order = key;
			}
			keys[index] = key;
			orders[index] = order;
			if (index === dimensions.length - 1) break;
			let next = node.get(key) as Map<string | null, unknown> | undefined;
			if (!next) node.set(key, (next = new Map()));
			node = next;
		}
		const last = keys[dimensions.length - 1]!;
		let found = node.get(last) as Group | undefined;
		if (!found) node.set(last, (found = newGroup()));
		return found;
	}

	return {
		count(entry: TimeIndexEntry, at: number, endState: EndState | null): void {
			const group = groupOf(entry, at, endState);
			count(group.figures, group.cost, entry);
		},

		/** The groups as rows sorted by their keys, and the total over them. */
		rows(): { rows: ReportRow[]; total: ReportFigures } {
			const sorted = groups.sort((a, b) => {
				for (let index = 0; index < a.orders.length; index++) {
					const order = compareKeys(a.orders[index]!, b.orders[index]!);
					if (order) return order;
				}
				return 0;
			});
			const total = emptyFigures();
			const rows = sorted.map(({ keys, figures, cost }): ReportRow => {
				figures.cost = toBig(cost);
				addFigures(total, figures);
				const row: Record<string, unknown> = {};
				// Defined, not assigned: a tag named `__proto__` is a key like any other.
				dimensions.forEach((group, index) => Object.defineProperty(row, group.name, { value: keys[index], enumerable: true, writable: true, configurable: true }));
				return Object.assign(row, figures) as ReportRow;
			});
			return { rows, total };
		},
	};
}
