import type { Holds } from '../budgets/reserve';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { UsageFormatError } from '../errors/UsageFormatError';
import { newId } from '../model/id';
import type { CallRecord } from '../model/record';
import type { PriceOutcome, PriceRequest, Pricer } from '../pricing/pricer';
import { priceLoaded, priceWhenLoaded } from '../pricing/when-loaded';
import type { UsageReading } from '../providers/types';
import { errorMessage, type SessionState, type TrackerContext } from './context';
import { defer } from './defer';

/** What a recording knows of a call before it is priced. */
export type CallFields = Omit<CallRecord, 'id' | 'sessionId' | 'usage' | 'usageSource'> & { id?: string; usageSource?: CallRecord['usageSource'] };

/**
 * A call priced while the pricer cannot be loaded (offline, a deploy that removed its chunk), or
 * with price data it refused (reported once, when refused): unpriced, saying why.
 */
function pricerMissing(context: TrackerContext, sessionId: string, error: unknown): PriceOutcome {
	if (error instanceof InvalidArgumentError) return { problem: `the tracker's price data was refused (${error.message})`, unpriced: { reason: 'invalid-prices' } };
	context.emit({ type: 'tracker.error', sessionId, error });
	return { problem: `the pricing code could not be loaded (${errorMessage(error)})`, unpriced: { reason: 'not-loaded' } };
}

export const spenderOf = (state: SessionState) => ({ sessionId: state.meta.id, tags: state.meta.tags, ...(state.meta.userId === undefined ? {} : { userId: state.meta.userId }) });

/**
 * A call's record: its fields, its reading's usage, priced at the catalog of its start time; in this
 * turn when the pricer and the prices the call needs are in, else once they have loaded.
 * `afterEnd`: the session had ended when the call was made (by default, when its record is built);
 * `estimateFrom`: for an unknown host, the provider whose prices may estimate it (`Route.owner`).
 */
export function buildRecord(
	context: TrackerContext,
	state: SessionState,
	reading: UsageReading | undefined,
	call: CallFields,
	startedAtMs: number,
	afterEnd = state.end !== undefined,
	estimateFrom?: string,
): CallRecord | Promise<CallRecord> {
	const usage = reading?.usage ?? {};
	const model = reading?.model ?? call.requestedModel;
	// Assigned in the order a literal would list them: a spread per optional field costs an object each, every call.
	const record = { id: call.id ?? newId(), sessionId: state.meta.id, ...call } as CallRecord;
	if (model !== undefined) record.model = model;
	record.usage = usage;
	record.usageSource = call.usageSource ?? (reading?.usage ? 'reported' : 'none');
	if (reading?.serviceTier !== undefined) record.serviceTier = reading.serviceTier;
	if (reading?.costDetails && reading.reportedCost !== undefined) record.costDetails = reading.costDetails;
	const done = () => {
		if (afterEnd) record.afterEnd = true;
		return Object.freeze(record);
	};
	if (record.failed && !reading?.usage) record.cost = '0';
	else if (!call.problem) {
		const request: PriceRequest = { provider: record.provider, model, usage, at: startedAtMs, serviceTier: reading?.serviceTier, reportedCost: reading?.reportedCost, estimateFrom };
		/** The record with its price, and the cost of its upper bound when its usage is an estimate. */
		const priced = (outcome: PriceOutcome, price?: Pricer): CallRecord => {
			Object.assign(record, outcome);
			if (price && record.usageUpper && record.cost !== undefined) {
				const upper = price({ ...request, usage: record.usageUpper, reportedCost: undefined }).cost;
				if (upper !== undefined) record.costUpper = upper;
			}
			return done();
		};
		const price = context.pricer.value;
		const now = price && priceLoaded(price, request);
		return now
			? priced(now, price)
			: context.pricer().then(
					async (loaded) => priced(await priceWhenLoaded(loaded, request), loaded),
					(error: unknown) => priced(pricerMissing(context, state.meta.id, error)),
				);
	}
	return done();
}

/** The events a recorded call raises: recorded, and what is uncertain about it. */
function announce(context: TrackerContext, state: SessionState, record: CallRecord, parseError: unknown): CallRecord {
	const { emit } = context;
	const sessionId = record.sessionId;
	emit({ type: 'call.recorded', sessionId, record, session: state.meta });
	if (record.usageSource === 'estimated') emit({ type: 'call.estimated', sessionId, record });
	if (record.usageSource === 'none' && !record.failed) emit({ type: 'call.unparsed', sessionId, record, error: parseError ?? new UsageFormatError(record.problem ?? 'no usage') });
	else if (record.cost === undefined) emit({ type: 'call.unpriced', sessionId, record, reason: record.problem ?? 'unpriced' });
	if (record.estimatedFrom) emit({ type: 'call.cost-estimated', sessionId, record, register: { match: record.provider, provider: record.estimatedFrom } });
	if (record.afterEnd) emit({ type: 'call.after-end', sessionId, record });
	return record;
}

/**
 * Saves a record, settles it into the budgets (then calls `budgeted`) and announces it: in this turn
 * when the store takes it at once and no budget is set (a memory store). Never rejects: problems
 * become events. `alone`: written by itself, in its caller's context, never in a batch another
 * request drives (a Worker's request ends with its own writes, not another's).
 */
export function commit(
	context: TrackerContext,
	state: SessionState,
	record: CallRecord,
	budgeted: () => void,
	alone: boolean,
	parseError?: unknown,
	holds: Holds = [],
): CallRecord | Promise<CallRecord> {
	if (state.totals.count(record)) state.own++;
	const appended = context.ledger.append(record, state.meta, alone);
	const { budgets } = context;
	if (appended === true && !budgets) {
		budgeted();
		return announce(context, state, record, parseError);
	}
	// Until the ledger has it (in the store, or kept in memory when the store refused it), reads find it here.
	if (appended !== true) state.local.set(record.id, record);
	return (async () => {
		if (budgets) await (await budgets)?.settle(spenderOf(state), record.id, record.cost, holds, Date.parse(record.startedAt));
		budgeted();
		if (appended !== true) {
			await appended;
			state.local.delete(record.id);
		}
		return announce(context, state, record, parseError);
	})();
}

/**
 * Runs a recording off the app's path (in a later task; `later: false`, at once: a call the app
 * records itself and awaits); endings and costs wait for it, an enforced budget only for its
 * budget settlement (`work` calls `budgeted` then), never for a store write. Done at once, in this
 * turn (a memory store, loaded code), it leaves nothing to wait for and returns its value. A
 * recording in a later task never throws out of `track`; one at once may (`Session.record` turns
 * the throw into the app's rejected promise).
 */
export function track<T>(context: TrackerContext, state: SessionState, work: (budgeted: () => void) => Promise<T>): Promise<T>;
export function track<T>(context: TrackerContext, state: SessionState, work: (budgeted: () => void) => T | Promise<T>, later: false): T | Promise<T>;
export function track<T>(context: TrackerContext, state: SessionState, work: (budgeted: () => void) => T | Promise<T>, later = true): T | Promise<T> {
	const { recording, waiting, pendingBySession } = context;
	// What an enforced budget waits for before it reserves: without budgets, nothing does.
	let release = () => {};
	if (context.budgets) {
		const budgetSettled = new Promise<void>((resolve) => (release = resolve));
		recording.add(budgetSettled);
		void budgetSettled.then(() => recording.delete(budgetSettled));
	}
	let done: T | Promise<T> | undefined;
	try {
		done = later
			? new Promise<T>((resolve, reject) => {
					const run = () => {
						if (!waiting.delete(run)) return;
						try {
							resolve(work(release));
						} catch (error) {
							reject(error);
						}
					};
					waiting.add(run);
					defer(run);
				})
			: work(release);
	} finally {
		if (!(done instanceof Promise)) release();
	}
	if (!(done instanceof Promise)) return done;
	const id = state.meta.id;
	pendingBySession.set(id, (pendingBySession.get(id) ?? 0) + 1);
	const finished = () => {
		release();
		state.pending.delete(settled);
		const left = pendingBySession.get(id)! - 1;
		if (left) pendingBySession.set(id, left);
		else pendingBySession.delete(id);
	};
	const settled: Promise<unknown> = done.then(finished, finished);
	state.pending.add(settled);
	return done;
}
