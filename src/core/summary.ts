import type Big from 'big.js';
import { toDecimalString, ZERO } from './money';
import type { CallRecord } from './record';
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

/** Derives a summary from the session's records: the records are the truth, the summary a view. */
export function summarize(
	meta: SessionMeta,
	end: SessionEnd | undefined,
	records: Iterable<CallRecord>,
	completeness: SummaryCompleteness = { incomplete: false, unsavedCalls: 0 },
): SessionSummary {
	let cost = ZERO;
	let calls = 0;
	let unpricedCalls = 0;
	let failedCalls = 0;
	let estimatedCalls = 0;
	let costUpper = ZERO;
	let costEstimatedCalls = 0;
	const usage: Usage = {};
	const models = new Map<string, ModelCost>();
	for (const record of records) {
		calls++;
		if (record.failed) failedCalls++;
		if (record.usageSource === 'estimated') estimatedCalls++;
		addUsage(usage, record.usage);
		const key = `${record.provider}\0${record.model ?? ''}`;
		let model = models.get(key);
		if (!model) {
			model = { provider: record.provider, model: record.model, calls: 0, usage: {}, cost: ZERO, costKnown: true };
			models.set(key, model);
		}
		model.calls++;
		addUsage(model.usage, record.usage);
		if (record.cost === undefined) {
			unpricedCalls++;
			model.costKnown = false;
		} else {
			cost = cost.plus(record.cost);
			costUpper = costUpper.plus(record.costUpper ?? record.cost);
			model.cost = model.cost.plus(record.cost);
			if (record.estimatedFrom) {
				costEstimatedCalls++;
				model.costKnown = false;
			}
		}
	}
	const byModel = [...models.values()];
	const summary: SessionSummary = {
		id: meta.id,
		...(meta.userId === undefined ? {} : { userId: meta.userId }),
		tags: meta.tags,
		startedAt: meta.startedAt,
		...end,
		cost,
		costKnown: unpricedCalls === 0 && costEstimatedCalls === 0,
		...(estimatedCalls ? { costUpper } : {}),
		calls,
		unpricedCalls,
		costEstimatedCalls,
		estimatedCalls,
		failedCalls,
		incomplete: completeness.incomplete,
		unsavedCalls: completeness.unsavedCalls,
		usage,
		byModel,
		toJSON() {
			const { toJSON: _, costUpper: __, ...rest } = summary;
			return {
				...rest,
				cost: toDecimalString(cost),
				...(estimatedCalls ? { costUpper: toDecimalString(costUpper) } : {}),
				byModel: byModel.map((model) => ({ ...model, cost: toDecimalString(model.cost) })),
			};
		},
	};
	return summary;
}
