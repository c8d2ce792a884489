import type Big from 'big.js';
import { DecimalSum } from './decimal';
import type { CallRecord, Unpriced } from './record';
import { addUsage, type Usage } from './usage';

/** AgentOps' three end states. */
export const END_STATES = ['Success', 'Fail', 'Indeterminate'] as const;
export type EndState = (typeof END_STATES)[number];

/** A session as stored at its start. */
export interface SessionMeta {
	id: string;
	userId?: string;
	tags: Record<string, string>;
	startedAt: string;
}

/** How a session ended. */
export interface SessionEnd {
	endedAt: string;
	endState: EndState;
	reason?: string;
}

export interface ModelCost {
	provider: string;
	/** `undefined` when the response named no model and the request did not either. */
	model: string | undefined;
	calls: number;
	usage: Usage;
	/** Exact sum of this model's priced calls. */
	cost: Big;
	costKnown: boolean;
	/** Why this model's calls went unpriced (the first such call's reason and nearest entry), when any did. */
	unpriced?: Unpriced;
}

export interface SessionSummary {
	id: string;
	userId?: string;
	tags: Record<string, string>;
	startedAt: string;
	endedAt?: string;
	endState?: EndState;
	reason?: string;
	/** The exact sum of the priced calls, in USD. */
	cost: Big;
	/** False when any call could not be priced (then `cost` is a lower bound, never a silent $0) or was priced as an estimate. */
	costKnown: boolean;
	/**
	 * With estimated calls: the cost with each at its upper bound (`record.costUpper`), so the
	 * session cost between `cost` and `costUpper`. Absent when no call is estimated.
	 */
	costUpper?: Big;
	calls: number;
	unpricedCalls: number;
	/** Calls to an unknown host whose cost is an estimate from another provider's prices (`record.estimatedFrom`), included in `cost`. */
	costEstimatedCalls: number;
	estimatedCalls: number;
	failedCalls: number;
	/**
	 * True when this summary is known to miss calls: the store could not be read, or another tracker
	 * (a tab, an isolate) recorded calls it could not store. `cost` and `calls` are then a lower bound.
	 */
	incomplete: boolean;
	/** Calls counted here that only this tracker holds in memory: the store did not take them (see `call.unsaved`). */
	unsavedCalls: number;
	/** Token and unit totals per bucket. */
	usage: Usage;
	byModel: ModelCost[];
	/** Costs as decimal strings, ready for JSON. */
	toJSON(): SessionSummaryJSON;
}

export type SessionSummaryJSON = Omit<SessionSummary, 'cost' | 'costUpper' | 'byModel' | 'toJSON'> & {
	cost: string;
	costUpper?: string;
	byModel: (Omit<ModelCost, 'cost'> & { cost: string })[];
};

/** What the store could and could not give for a summary. */
export interface SummaryCompleteness {
	incomplete: boolean;
	unsavedCalls: number;
}

export interface ModelTotals {
	provider: string;
	model: string | undefined;
	calls: number;
	usage: Usage;
	cost: DecimalSum;
	costKnown: boolean;
	unpriced?: Unpriced;
	/** The store key order (end time, then id) of its first call: models are listed in the order they first appear. */
	first: [endedAt: string, id: string];
}

export const before = (a: [string, string], b: [string, string]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * A session's figures, added to as its records arrive, each record once: counts and token totals as
 * numbers, money as an exact fixed-unit sum, so a summary costs O(models), not O(calls). The
 * records stay the truth: `summarize` over them gives the same summary (tracker/summary-view.ts).
 */
export class SessionTotals {
	readonly counted = new Set<string>();
	readonly cost = new DecimalSum();
	readonly costUpper = new DecimalSum();
	calls = 0;
	unpricedCalls = 0;
	failedCalls = 0;
	estimatedCalls = 0;
	costEstimatedCalls = 0;
	readonly usage: Usage = {};
	readonly models = new Map<string, ModelTotals>();

	/** Adds a record, once: true when it was new to the totals. */
	count(record: CallRecord): boolean {
		if (this.counted.has(record.id)) return false;
		this.counted.add(record.id);
		this.calls++;
		if (record.failed) this.failedCalls++;
		if (record.usageSource === 'estimated') this.estimatedCalls++;
		addUsage(this.usage, record.usage);
		const key = `${record.provider}\0${record.model ?? ''}`;
		const order: [string, string] = [record.endedAt, record.id];
		let model = this.models.get(key);
		if (!model) this.models.set(key, (model = { provider: record.provider, model: record.model, calls: 0, usage: {}, cost: new DecimalSum(), costKnown: true, first: order }));
		else if (before(order, model.first)) model.first = order;
		model.calls++;
		addUsage(model.usage, record.usage);
		if (record.cost === undefined) {
			this.unpricedCalls++;
			model.costKnown = false;
			if (record.unpriced) model.unpriced ??= record.unpriced;
		} else {
			this.cost.add(record.cost);
			this.costUpper.add(record.costUpper ?? record.cost);
			model.cost.add(record.cost);
			if (record.estimatedFrom) {
				this.costEstimatedCalls++;
				model.costKnown = false;
			}
		}
		return true;
	}
}
