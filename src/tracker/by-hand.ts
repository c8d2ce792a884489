import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { assertDecimalString } from '../model/decimal';
import { UsageFormatError } from '../errors/UsageFormatError';
import { loadFormat } from '../providers/formats';
import { canonicalProvider, formatsOf } from '../providers/index';
import { parseJson } from '../providers/peek';
import type { UsageReading, WireFormat } from '../providers/types';
import type { CallRecord } from '../model/record';
import { iso, type SessionState, type TrackerContext } from './context';
import { buildRecord, type CallFields, commit } from './recording';
import type { RecordInput } from './session';
import { assertUsage, USAGE_BUCKETS } from '../model/usage';
import { assertString, assertTime } from '../model/validate';

const BUCKETS = new Set<string>(USAGE_BUCKETS);
/** Each provider's readers once loaded: the next call of that provider reads without waiting for them. */
const loaded = new Map<string, WireFormat[]>();

/**
 * A call the app records itself (`session.record()`): read, checked, priced at its time and
 * committed; in this turn when its readers, the prices and the store allow (a memory store), else
 * once they have. Bad input throws (`Session.record` turns it into the app's rejected promise).
 */
export function recordByHand(
	context: TrackerContext,
	state: SessionState,
	input: RecordInput,
	calledAt: number,
	afterEnd: boolean,
	alone: boolean,
	budgeted: () => void,
): CallRecord | Promise<CallRecord> {
	const read = readInput(input);
	const build = (reading: UsageReading) => {
		const at = input.at === undefined ? calledAt : +input.at;
		assertTime(at, 'at');
		const time = iso(at);
		const fields: CallFields = { startedAt: time, endedAt: time, provider: reading.provider, stream: false, usageSource: 'reported' };
		const record = buildRecord(context, state, reading, fields, at, afterEnd);
		return record instanceof Promise ? record.then((priced) => commit(context, state, priced, budgeted, alone)) : commit(context, state, record, budgeted, alone);
	};
	return read instanceof Promise ? read.then(build) : build(read);
}

/**
 * Turns `session.record()`'s input into a reading, or throws a typed error: in this turn once its
 * provider's readers are loaded (on first use).
 */
function readInput(input: RecordInput): UsageReading | Promise<UsageReading> {
	if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('record() needs { provider, model, usage } or { provider, body }');
	assertString(input.provider, 'provider');
	if (input.model !== undefined) assertString(input.model, 'model');
	if ((input.usage === undefined) === (input.body === undefined)) throw new InvalidArgumentError('record() needs exactly one of usage and body');
	const provider = canonicalProvider(input.provider);
	if (input.usage !== undefined && typeof input.usage === 'object' && input.usage !== null && Object.keys(input.usage).every((key) => BUCKETS.has(key))) {
		assertUsage(input.usage);
		return withOptions({ provider, usage: { ...input.usage } }, input);
	}
	const ids = formatsOf(provider);
	if (!ids.length) throw new InvalidArgumentError(`unknown provider "${input.provider}": give usage in tokentab's buckets (${USAGE_BUCKETS.join(', ')})`);
	const formats = loaded.get(provider);
	if (formats) return withOptions(readWith(formats, input, provider), input);
	return Promise.all(ids.map(loadFormat)).then((formats) => {
		loaded.set(provider, formats);
		return withOptions(readWith(formats, input, provider), input);
	});
}

/** Reads the provider's raw usage or body with its readers: the first that reads it wins. */
function readWith(formats: WireFormat[], input: RecordInput, provider: string): UsageReading {
	try {
		// The provider's own cost in the usage object (OpenRouter's `cost`, xAI's ticks) wins, as with fetch.
		if (input.usage !== undefined) return { provider, ...formats[0]!.readUsage(input.usage, provider) };
		const body = typeof input.body === 'string' ? parseJson(input.body) : input.body;
		let error: unknown;
		for (const format of formats) {
			try {
				return format.readBody(body, { provider, headers: new Headers() });
			} catch (e) {
				error ??= e;
			}
		}
		throw error;
	} catch (error) {
		if (error instanceof UsageFormatError) throw new InvalidArgumentError(error.message);
		throw error;
	}
}

/** The reading with what the input says of the call itself: its model, service tier and reported cost. */
function withOptions(reading: UsageReading, input: RecordInput): UsageReading {
	if (input.model !== undefined) reading.model = input.model;
	if (input.serviceTier !== undefined) reading.serviceTier = input.serviceTier;
	if (input.reportedCost !== undefined) {
		assertDecimalString(input.reportedCost, 'reportedCost');
		reading.reportedCost = input.reportedCost;
	}
	return reading;
}
