import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { END_STATES, type EndState } from '../model/summary';
import type { TimeIndexEntry } from './time-index';
import { FIELD_GROUPS, type FieldGroup, type ReportOptions, type ReportWhere, TIME_GROUPS, type TimeGroup } from './types';

/** One `groupBy` entry, resolved: a calendar period, a field of the call, or a tag. */
export type Dimension = { name: string } & ({ kind: 'time'; unit: TimeGroup } | { kind: 'field'; field: FieldGroup } | { kind: 'tag'; tag: string });

/** A report's options, checked and resolved. */
export interface ReportPlan {
	from?: number;
	to?: number;
	timeZone: string;
	dimensions: Dimension[];
	/** Filters by what the index entry holds; absent when the report filters no entry out by its own fields. */
	matches?: (entry: TimeIndexEntry) => boolean;
	/** Filters by how the session ended; present when `where.endState` is given. */
	matchesEnd?: (endState: EndState | null) => boolean;
	/** Whether the sessions' ends must be read (grouped or filtered by `endState`). */
	needsEnds: boolean;
}

/** Row fields that a group key may not shadow: a tag of that name is `tag:NAME`. */
const FIGURES = new Set(['calls', 'usage', 'cost', 'costKnown', 'unpricedCalls', 'estimatedCalls', 'failedCalls']);
const WHERE_FIELDS = new Set(['userId', 'sessionId', 'provider', 'model', 'endState', 'tags']);

function time(value: unknown, where: string): number | undefined {
	if (value === undefined) return undefined;
	const ms = value instanceof Date ? value.getTime() : value;
	// ±8.64e15 ms: the range of a Date.
	if (typeof ms !== 'number' || !(Math.abs(ms) <= 8.64e15)) throw new InvalidArgumentError(`${where} must be a Date or a time in ms`);
	return ms;
}

function dimension(name: unknown): Dimension {
	if (typeof name !== 'string' || !name) throw new InvalidArgumentError('every groupBy entry must be a non-empty string');
	if ((TIME_GROUPS as readonly string[]).includes(name)) return { name, kind: 'time', unit: name as TimeGroup };
	if ((FIELD_GROUPS as readonly string[]).includes(name)) return { name, kind: 'field', field: name as FieldGroup };
	if (name.startsWith('tag:')) {
		if (name.length === 4) throw new InvalidArgumentError('groupBy "tag:" needs a tag name');
		return { name, kind: 'tag', tag: name.slice(4) };
	}
	if (FIGURES.has(name)) throw new InvalidArgumentError(`groupBy "${name}" would hide the row's own ${name}: write "tag:${name}" to group by a tag of that name`);
	return { name, kind: 'tag', tag: name };
}

/** A matcher for one `where` field: any of the values given. */
function oneOf<T>(value: T | readonly T[] | undefined, field: string, valid: (item: unknown) => boolean): ((actual: T) => boolean) | undefined {
	if (value === undefined) return undefined;
	const values = Array.isArray(value) ? (value as readonly T[]) : [value as T];
	if (!values.length || !values.every(valid)) throw new InvalidArgumentError(`where.${field} must be a string or a non-empty list of strings`);
	const set = new Set<T>(values);
	return (actual) => set.has(actual);
}

const isString = (item: unknown) => typeof item === 'string';

/** The call's session's tag, or `null` (own properties only: a tag named `constructor` is a tag like any other). */
export const tagOf = (entry: TimeIndexEntry, name: string): string | null => (entry.tags && Object.hasOwn(entry.tags, name) ? entry.tags[name]! : null);

/** Checks a report's options; throws InvalidArgumentError on anything it cannot read. */
export function planReport(options: ReportOptions<string> = {}): ReportPlan {
	if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('report() takes an options object');
	const from = time(options.from, 'from');
	const to = time(options.to, 'to');
	if (from !== undefined && to !== undefined && from > to) throw new InvalidArgumentError('from must not be after to');
	const timeZone = options.timeZone ?? 'UTC';
	if (typeof timeZone !== 'string' || !timeZone) throw new InvalidArgumentError('timeZone must be an IANA time zone name');

	const groups = options.groupBy === undefined ? [] : Array.isArray(options.groupBy) ? (options.groupBy as readonly unknown[]) : [options.groupBy];
	const dimensions = groups.map(dimension);
	const names = new Set(dimensions.map((group) => group.name));
	if (names.size !== dimensions.length) throw new InvalidArgumentError('groupBy names a group twice');

	const where: ReportWhere = options.where ?? {};
	if (typeof where !== 'object' || where === null) throw new InvalidArgumentError('where must be an object');
	for (const field of Object.keys(where)) if (!WHERE_FIELDS.has(field)) throw new InvalidArgumentError(`where.${field} is not a filter (${[...WHERE_FIELDS].join(', ')})`);
	const user = oneOf(where.userId, 'userId', isString);
	const session = oneOf(where.sessionId, 'sessionId', isString);
	const provider = oneOf(where.provider, 'provider', isString);
	const model = oneOf(where.model, 'model', isString);
	const matchesEnd = oneOf(where.endState, 'endState', (item) => item === null || (END_STATES as readonly unknown[]).includes(item));
	const tags = where.tags === undefined ? [] : Object.entries(where.tags);
	if (typeof where.tags !== 'undefined' && (typeof where.tags !== 'object' || where.tags === null || tags.some(([, value]) => typeof value !== 'string'))) {
		throw new InvalidArgumentError('where.tags must be an object of strings');
	}

	return {
		...(from === undefined ? {} : { from }),
		...(to === undefined ? {} : { to }),
		timeZone,
		dimensions,
		...(user || session || provider || model || tags.length
			? {
					matches: (entry: TimeIndexEntry) =>
						(!user || (entry.userId !== undefined && user(entry.userId))) &&
						(!session || session(entry.sessionId)) &&
						(!provider || provider(entry.provider)) &&
						(!model || (entry.model !== undefined && model(entry.model))) &&
						tags.every(([name, value]) => tagOf(entry, name) === value),
				}
			: {}),
		...(matchesEnd ? { matchesEnd } : {}),
		needsEnds: matchesEnd !== undefined || dimensions.some((group) => group.kind === 'field' && group.field === 'endState'),
	};
}
