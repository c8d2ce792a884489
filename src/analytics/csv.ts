import { USAGE_BUCKETS } from '../model/usage';
import type { Report } from './types';

/**
 * RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. A text that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first: a tag value from the
 * app's users) gets a leading `'`, as OWASP advises against CSV injection. tokentab's own figures
 * never start so (costs and counts are not negative).
 */
function field(value: string | number | boolean | null): string {
	let text = value === null ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A report as CSV (RFC 4180, CRLF line ends): a header row, then one line per row. Columns: the
 * group keys (named after `groupBy`; empty where `null`), `calls`, `usage.<bucket>` for each bucket
 * any row counts (in tokentab's bucket order), `cost` as a decimal string (the exact sum, never a
 * float), `costKnown`, `unpricedCalls`, `estimatedCalls`, `failedCalls`. The total is not a line:
 * it is the sum of the lines (`report.total`). Texts a spreadsheet would read as formulas get a leading `'`.
 */
export function reportToCSV<K extends string>(report: Pick<Report<K>, 'groupBy' | 'rows' | 'total'>): string {
	const buckets = USAGE_BUCKETS.filter((bucket) => report.total.usage[bucket]);
	const header = [...report.groupBy, 'calls', ...buckets.map((bucket) => `usage.${bucket}`), 'cost', 'costKnown', 'unpricedCalls', 'estimatedCalls', 'failedCalls'];
	const lines = [header.map(field).join(',')];
	for (const row of report.rows) {
		const keys = report.groupBy.map((name) => row[name] ?? null);
		const figures = [
			row.calls,
			...buckets.map((bucket) => row.usage[bucket] ?? 0),
			row.cost.toFixed() /* plain digits, never an exponent */,
			row.costKnown,
			row.unpricedCalls,
			row.estimatedCalls,
			row.failedCalls,
		];
		lines.push([...keys, ...figures].map(field).join(','));
	}
	return `${lines.join('\r\n')}\r\n`;
}
