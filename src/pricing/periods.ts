import type { ModelPrice, PricePeriod, PriceSet } from './types';

/** A price entry's periods, ready to search by time: shared by the lookup (which caches it on a match) and the pricer. */
export interface CompiledModel {
	since: number[];
	periods: PricePeriod[];
	/** Per period: its time-of-day windows as [start minute, end minute, weekdays or undefined, prices]. */
	windows: ([number, number, number[] | undefined, PriceSet][] | undefined)[];
}

const compiledModels = new WeakMap<ModelPrice, CompiledModel>();

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function compileModel(price: ModelPrice): CompiledModel {
	let compiled = compiledModels.get(price);
	if (!compiled) {
		const periods = Array.isArray(price.prices) ? price.prices : [price.prices];
		compiled = {
			periods,
			since: periods.map((period) => (period.since === undefined ? -Infinity : Date.parse(period.since))),
			windows: periods.map((period) => period.hours?.map((w): [number, number, number[] | undefined, PriceSet] => [minutes(w.start), minutes(w.end), w.days, w])),
		};
		compiledModels.set(price, compiled);
	}
	return compiled;
}

/** The index of the period in force at `at` (ms since the epoch): the last whose `since` is not after it. */
export function periodIndex(model: CompiledModel, at: number): number {
	let index = 0;
	for (let i = 1; i < model.since.length; i++) if (model.since[i]! <= at) index = i;
	return index;
}

/** The period's time-of-day window holding `at`, if any. */
export function windowAt(windows: [number, number, number[] | undefined, PriceSet][], at: number): PriceSet | undefined {
	const minute = Math.floor(at / 60_000) % 1440;
	const day = Math.floor(at / 86_400_000);
	for (const [start, end, days, set] of windows) {
		const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
		// A window that wraps past midnight belongs to the day it started on.
		if (inside && (!days || days.includes((day - (start >= end && minute < end ? 1 : 0) + 4) % 7))) return set;
	}
	return undefined;
}
