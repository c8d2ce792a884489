import type { CallRecord } from '../model/record';
import { toBig, toDecimalString } from '../model/money';
import { before, type ModelCost, type SessionEnd, type SessionMeta, type SessionSummary, SessionTotals, type SummaryCompleteness } from '../model/summary';

/** The summary of a session's totals now: money turned into `Big` here, once. Loaded with the first summary. */
export function sessionSummary(totals: SessionTotals, meta: SessionMeta, end: SessionEnd | undefined, completeness: SummaryCompleteness = { incomplete: false, unsavedCalls: 0 }): SessionSummary {
	const cost = toBig(totals.cost);
	const costUpper = totals.estimatedCalls ? toBig(totals.costUpper) : undefined;
	const byModel = [...totals.models.values()]
		.sort((a, b) => (before(a.first, b.first) ? -1 : before(b.first, a.first) ? 1 : 0))
		.map(
			({ provider, model, calls, usage, cost: sum, costKnown, unpriced }): ModelCost => ({
				provider,
				model,
				calls,
				usage: { ...usage },
				cost: toBig(sum),
				costKnown,
				...(unpriced ? { unpriced } : {}),
			}),
		);
	const summary: SessionSummary = {
		id: meta.id,
		...(meta.userId === undefined ? {} : { userId: meta.userId }),
		tags: meta.tags,
		startedAt: meta.startedAt,
		...end,
		cost,
		costKnown: totals.unpricedCalls === 0 && totals.costEstimatedCalls === 0,
		...(costUpper ? { costUpper } : {}),
		calls: totals.calls,
		unpricedCalls: totals.unpricedCalls,
		costEstimatedCalls: totals.costEstimatedCalls,
		estimatedCalls: totals.estimatedCalls,
		failedCalls: totals.failedCalls,
		incomplete: completeness.incomplete,
		unsavedCalls: completeness.unsavedCalls,
		usage: { ...totals.usage },
		byModel,
		toJSON() {
			const { toJSON: _, costUpper: __, ...rest } = summary;
			return {
				...rest,
				cost: toDecimalString(cost),
				...(costUpper ? { costUpper: toDecimalString(costUpper) } : {}),
				byModel: byModel.map((model) => ({ ...model, cost: toDecimalString(model.cost) })),
			};
		},
	};
	return summary;
}

/** Derives a summary from the session's records: the records are the truth, the summary a view. */
export function summarize(meta: SessionMeta, end: SessionEnd | undefined, records: Iterable<CallRecord>, completeness?: SummaryCompleteness): SessionSummary {
	const totals = new SessionTotals();
	for (const record of records) totals.count(record);
	return sessionSummary(totals, meta, end, completeness);
}
