import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { assertDecimalString } from '../model/decimal';
import { UsageFormatError } from '../errors/UsageFormatError';
import { loadFormat } from '../providers/formats';
import { canonicalProvider, formatsOf } from '../providers/index';
import { parseJson } from '../providers/peek';
import type { UsageReading, WireFormat } from '../providers/types';
import type { RecordInput } from './session';
import { assertUsage, USAGE_BUCKETS } from '../model/usage';
import { assertString } from '../model/validate';

const BUCKETS = new Set<string>(USAGE_BUCKETS);
/** Each provider's readers once loaded: the next call of that provider reads without waiting for them. */
const loaded = new Map<string, WireFormat[]>();

/** Turns `session.record()`'s input into a reading (its provider's readers loaded on first use), or rejects with a typed error. */
export async function readInput(input: RecordInput): Promise<UsageReading> {
	if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('record() needs { provider, model, usage } or { provider, body }');
	assertString(input.provider, 'provider');
	if (input.model !== undefined) assertString(input.model, 'model');
	if ((input.usage === undefined) === (input.body === undefined)) throw new InvalidArgumentError('record() needs exactly one of usage and body');
	const provider = canonicalProvider(input.provider);
	const ids = formatsOf(provider);
	let reading: UsageReading;
	if (input.usage !== undefined && typeof input.usage === 'object' && input.usage !== null && Object.keys(input.usage).every((key) => BUCKETS.has(key))) {
		assertUsage(input.usage);
		reading = { provider, usage: { ...input.usage } };
	} else {
		if (!ids.length) throw new InvalidArgumentError(`unknown provider "${input.provider}": give usage in tokentab's buckets (${USAGE_BUCKETS.join(', ')})`);
		let formats = loaded.get(provider);
		if (!formats) loaded.set(provider, (formats = await Promise.all(ids.map(loadFormat))));
		try {
			if (input.usage !== undefined) {
				// The provider's own cost in the usage object (OpenRouter's `cost`, xAI's ticks) wins, as with fetch.
				reading = { provider, ...formats[0]!.readUsage(input.usage, provider) };
			} else {
				const body = typeof input.body === 'string' ? parseJson(input.body) : input.body;
				let error: unknown;
				const readings = formats.flatMap((format) => {
					try {
						return [format.readBody(body, { provider, headers: new Headers() })];
					} catch (e) {
						error ??= e;
						return [];
					}
				});
				if (!readings[0]) throw error;
				reading = readings[0];
			}
		} catch (error) {
			if (error instanceof UsageFormatError) throw new InvalidArgumentError(error.message);
			throw error;
		}
	}
	if (input.model !== undefined) reading.model = input.model;
	if (input.serviceTier !== undefined) reading.serviceTier = input.serviceTier;
	if (input.reportedCost !== undefined) {
		assertDecimalString(input.reportedCost, 'reportedCost');
		reading.reportedCost = input.reportedCost;
	}
	return reading;
}
