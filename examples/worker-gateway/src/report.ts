// GET /report: the user's spend from `tracker.report`, read from the user's own Durable Object, so
// it reads that user's calls in the range and nothing else.
import type { ReportFigures, Tracker } from 'tokentab';
import type { Env } from './env';
import { HttpError } from './http';

const GROUP = /^[\w.:-]{1,64}$/;

/** A time from the query: an ISO date or time, or ms since the epoch. */
function time(value: string | null, fallback: number, name: string): Date {
	if (value === null || value === '') return new Date(fallback);
	const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
	if (Number.isNaN(date.getTime())) throw new HttpError(400, 'invalid_request_error', `${name} must be an ISO 8601 date or time, or ms since the epoch`);
	return date;
}

/** Costs as decimal strings, ready for JSON. */
const plain = (row: ReportFigures) => ({ ...row, cost: row.cost.toFixed() });

/**
 * `GET /report?from=&to=&groupBy=day,model`: the calling user's calls, grouped. Default: today so
 * far (UTC), by day and model. `groupBy` takes what `tracker.report` takes (hour, day, week, month,
 * provider, model, end state, a tag name).
 */
export async function report(tracker: Tracker, userId: string, url: URL, env: Env, now = Date.now()): Promise<Response> {
	const startOfDay = now - (now % 86_400_000);
	const from = time(url.searchParams.get('from'), startOfDay, 'from');
	const to = time(url.searchParams.get('to'), now, 'to');
	const groupBy = (url.searchParams.get('groupBy') ?? 'day,model')
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
	if (!groupBy.every((key) => GROUP.test(key))) throw new HttpError(400, 'invalid_request_error', 'groupBy is a comma-separated list of group names');
	const result = await tracker.report({ from, to, groupBy, where: { userId } });
	return Response.json({
		userId,
		from: from.toISOString(),
		to: to.toISOString(),
		groupBy,
		...(env.DAILY_BUDGET_USD ? { dailyBudget: env.DAILY_BUDGET_USD } : {}),
		rows: result.rows.map(plain),
		total: plain(result.total),
	});
}
