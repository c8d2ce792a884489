import type Big from 'big.js';
import { toDecimalString, ZERO } from '../model/money';
import type { CallRecord } from '../model/record';
import type { Pricer } from './pricer';

/** One call, as it was charged and as the other catalog prices it. */
export interface RepricedCall {
	id: string;
	provider: string;
	model?: string;
	startedAt: string;
	/** The stored cost (decimal string), absent when the call was unpriced. */
	before?: string;
	/** The cost with the other catalog, absent when it cannot price the call (see `problem`). */
	after?: string;
	/** The catalog version the call was charged with, and the one it is repriced with. */
	beforeVersion?: string;
	afterVersion?: string;
	priceKey?: string;
	/** Provider-reported costs and failed calls without usage keep their cost: the catalog did not make it. */
	kept?: 'provider' | 'failed';
	problem?: string;
}

export interface RepriceReport {
	sessionId: string;
	/** The catalog the session was repriced with. */
	catalogVersion: string;
	/** What the stored records say the session cost, and what the other catalog says. */
	before: Big;
	after: Big;
	/** `after - before`. */
	difference: Big;
	/** False when some call had no cost before (or has none after). */
	beforeKnown: boolean;
	afterKnown: boolean;
	calls: RepricedCall[];
	/** Costs as decimal strings. */
	toJSON(): Omit<RepriceReport, 'before' | 'after' | 'difference' | 'toJSON'> & { before: string; after: string; difference: string };
}

/**
 * Recomputes stored calls with another pricer. Nothing is written: a session's stored cost never
 * changes under it; the report sets the two figures side by side.
 */
export function repriceRecords(sessionId: string, records: Iterable<CallRecord>, price: Pricer): RepriceReport {
	let before = ZERO;
	let after = ZERO;
	let beforeKnown = true;
	let afterKnown = true;
	const calls: RepricedCall[] = [];
	for (const record of records) {
		const call: RepricedCall = {
			id: record.id,
			provider: record.provider,
			...(record.model === undefined ? {} : { model: record.model }),
			startedAt: record.startedAt,
			...(record.cost === undefined ? {} : { before: record.cost }),
			...(record.catalogVersion === undefined ? {} : { beforeVersion: record.catalogVersion }),
		};
		if (record.costSource === 'provider' || (record.failed && record.usageSource === 'none')) {
			call.kept = record.costSource === 'provider' ? 'provider' : 'failed';
			if (record.cost !== undefined) call.after = record.cost;
		} else if (record.usageSource === 'none') {
			call.problem = record.problem ?? 'no usage';
		} else {
			const outcome = price({
				provider: record.provider,
				model: record.model,
				usage: record.usage,
				at: Date.parse(record.startedAt),
				...(record.serviceTier === undefined ? {} : { serviceTier: record.serviceTier }),
				...(record.estimatedFrom === undefined ? {} : { estimateFrom: record.estimatedFrom }),
			});
			if (outcome.cost !== undefined) call.after = outcome.cost;
			if (outcome.catalogVersion !== undefined) call.afterVersion = outcome.catalogVersion;
			if (outcome.priceKey !== undefined) call.priceKey = outcome.priceKey;
			if (outcome.problem !== undefined) call.problem = outcome.problem;
		}
		if (call.before === undefined) beforeKnown = false;
		else before = before.plus(call.before);
		if (call.after === undefined) afterKnown = false;
		else after = after.plus(call.after);
		calls.push(call);
	}
	const report: RepriceReport = {
		sessionId,
		catalogVersion: price.catalog().version,
		before,
		after,
		difference: after.minus(before),
		beforeKnown,
		afterKnown,
		calls,
		toJSON() {
			const { toJSON: _, ...rest } = report;
			return { ...rest, before: toDecimalString(before), after: toDecimalString(after), difference: toDecimalString(report.difference) };
		},
	};
	return report;
}
