import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { LostCall } from './ledger/ledger';
import { isDecimalString } from '../model/decimal';
import type { CallRecord } from '../model/record';
import { END_STATES, type SessionEnd, type SessionMeta } from '../model/summary';
import { assertUsage } from '../model/usage';
import { assertTags } from '../model/validate';

/** A stored session as `tracker.listSessions()` gives it: how it started, and how it ended if it did. */
export interface SessionInfo extends SessionMeta {
	endedAt?: string;
	endState?: SessionEnd['endState'];
	reason?: string;
}

export interface SessionFilter {
	/** `open` (not ended), `ended`, or `all` (the default). */
	state?: 'open' | 'ended' | 'all';
	userId?: string;
	/** Sessions started at or after this time. */
	startedAfter?: Date | number;
	/** Sessions started before this time. */
	startedBefore?: Date | number;
}

export interface PruneOptions {
	/** Prunes sessions that ended before this time. */
	endedBefore?: Date | number;
	/** Prunes sessions that ended more than this many ms ago (by the tracker's clock). */
	maxAgeMs?: number;
}

/** A session as JSON: `JSON.stringify(await tracker.exportSession(id))`, and back with `tracker.importSession(json)`. */
export interface SessionExport {
	format: 'tokentab.session';
	version: 1;
	session: SessionMeta;
	end?: SessionEnd;
	calls: CallRecord[];
	/** Calls known to be missing (a tab or isolate could not store them): the import stays `incomplete`. */
	lost?: LostCall[];
}

function time(value: Date | number | undefined, where: string): number | undefined {
	if (value === undefined) return undefined;
	const ms = +value;
	if (!Number.isFinite(ms)) throw new InvalidArgumentError(`${where} must be a Date or a time in ms`);
	return ms;
}

/** A predicate over stored sessions; throws InvalidArgumentError on a bad filter. */
export function sessionFilter(filter: SessionFilter = {}): (info: SessionInfo) => boolean {
	if (typeof filter !== 'object' || filter === null) throw new InvalidArgumentError('listSessions() takes a filter object');
	const state = filter.state ?? 'all';
	if (!['open', 'ended', 'all'].includes(state)) throw new InvalidArgumentError(`state must be open, ended or all, got ${JSON.stringify(state)}`);
	const after = time(filter.startedAfter, 'startedAfter');
	const before = time(filter.startedBefore, 'startedBefore');
	return (info) => {
		if (state === 'open' && info.endedAt !== undefined) return false;
		if (state === 'ended' && info.endedAt === undefined) return false;
		if (filter.userId !== undefined && info.userId !== filter.userId) return false;
		const started = Date.parse(info.startedAt);
		if (after !== undefined && started < after) return false;
		if (before !== undefined && started >= before) return false;
		return true;
	};
}

/** The cut-off time (ms) before which ended sessions are pruned. */
export function pruneCutoff(options: PruneOptions, now: number): number {
	if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('pruneSessions() takes an options object');
	const before = time(options.endedBefore, 'endedBefore');
	const age = options.maxAgeMs;
	if ((before === undefined) === (age === undefined)) throw new InvalidArgumentError('pruneSessions() takes exactly one of endedBefore and maxAgeMs');
	if (age !== undefined && !(typeof age === 'number' && age >= 0)) throw new InvalidArgumentError('maxAgeMs must be a non-negative number');
	return before ?? now - age!;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value));

/** Checks an exported session (object or JSON text) before anything of it is written. */
export function parseExport(input: unknown): SessionExport {
	let data = input;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data);
		} catch {
			throw new InvalidArgumentError('importSession() got text that is not JSON');
		}
	}
	const fail = (what: string): never => {
		throw new InvalidArgumentError(`not a tokentab session export: ${what}`);
	};
	if (!isObject(data) || data.format !== 'tokentab.session') return fail('format is not "tokentab.session"');
	if (data.version !== 1) return fail(`unsupported version ${JSON.stringify(data.version)}`);
	const meta = data.session;
	if (!isObject(meta) || typeof meta.id !== 'string' || !meta.id || !isTime(meta.startedAt) || !isObject(meta.tags)) return fail('session needs an id, startedAt and tags');
	if (meta.userId !== undefined && typeof meta.userId !== 'string') return fail('session.userId must be a string');
	// As startSession() and record() would: tags of strings, counts in tokentab's buckets.
	assertTags(meta.tags);
	const end = data.end;
	if (end !== undefined && (!isObject(end) || !isTime(end.endedAt) || !(END_STATES as readonly unknown[]).includes(end.endState))) return fail('end needs endedAt and an end state');
	if (!Array.isArray(data.calls)) return fail('calls must be an array');
	for (const call of data.calls as unknown[]) {
		if (!isObject(call) || typeof call.id !== 'string' || !call.id || call.sessionId !== meta.id) return fail('every call needs an id and the session id');
		if (!isTime(call.startedAt) || !isTime(call.endedAt) || typeof call.provider !== 'string' || !isObject(call.usage)) return fail(`call ${call.id} needs times, a provider and usage`);
		if (call.cost !== undefined && !isDecimalString(call.cost)) return fail(`call ${call.id} has a cost that is not a decimal string`);
		assertUsage(call.usage, `call ${call.id}: usage`);
		if (call.costUpper !== undefined && !isDecimalString(call.costUpper)) return fail(`call ${call.id} has a costUpper that is not a decimal string`);
		if (call.usageUpper !== undefined) assertUsage(call.usageUpper, `call ${call.id}: usageUpper`);
	}
	if (data.lost !== undefined) {
		if (!Array.isArray(data.lost)) return fail('lost must be an array');
		for (const marker of data.lost as unknown[]) {
			if (!isObject(marker) || typeof marker.id !== 'string' || !/^[\w-]+$/.test(marker.id) || !isTime(marker.endedAt)) return fail('every lost call needs an id and endedAt');
		}
	}
	return data as unknown as SessionExport;
}
