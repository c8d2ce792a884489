// tokentab demo: a short support chat through the official OpenAI and Anthropic SDKs, against a
// local server that answers like the real APIs (./server.mjs), then the session's exact bill.
//
//   npm run demo            (builds, then runs this file)
//   node examples/demo/run.mjs
import Anthropic from '@anthropic-ai/sdk';
import Big from 'big.js';
import OpenAI from 'openai';
import { createTracker } from 'tokentab';
import { startDemoServer } from './server.mjs';

/** A long system prompt (well over 1,024 tokens), so both providers' prompt caches kick in. */
const HANDBOOK = [
	'You are Ada, the billing support assistant of Northwind Cloud. Answer in one or two short sentences, politely, and only from this handbook.',
	'1. Refunds. Duplicate charges are refunded in full without question. The customer opens Billing > Invoices, selects the duplicate charge and chooses "Request refund". Refunds go back to the original payment method and take 5 to 10 business days to appear, depending on the bank. Never promise a faster refund.',
	'2. Plans. Northwind Cloud has three plans: Starter ($12 per month), Team ($49 per month) and Business ($199 per month). Annual billing saves two months on every plan. Customers may switch between monthly and annual billing at any time; the change is prorated to the day.',
	'3. Credits. Unused monthly usage credits roll over for one billing period. When a customer moves to annual billing, unused credits are converted at full value and appear on the first annual invoice as a line item called "Carried-over credit".',
	'4. Invoices. Invoices are issued on the first day of each billing period and can be downloaded as PDF from Billing > Invoices. A corrected invoice can be requested for a change of company name, address or VAT number within 90 days of issue.',
	'5. Payment methods. We accept Visa, Mastercard, American Express, SEPA direct debit and bank transfer (Business plan only). Failed payments are retried after 3, 5 and 7 days; the account stays fully usable during retries.',
	'6. Taxes. VAT is charged for customers in the European Union unless a valid VAT number is on file. US sales tax is charged in states where Northwind Cloud is registered. Tax-exempt organisations may upload a certificate under Billing > Tax settings.',
	'7. Cancellations. A subscription can be cancelled at any time from Billing > Plan. Monthly plans stay active until the end of the paid period; annual plans cancelled within 14 days of purchase are refunded in full, later cancellations are not prorated.',
	'8. Security. Never ask for a full card number, a password or a one-time code. If a customer shares one, tell them to rotate it and do not repeat it back. Account ownership changes need a signed request from the current owner.',
	'9. Escalation. Offer a human agent when the customer asks for one, when a refund is over $500, when a charge is disputed with the bank, or when the handbook does not cover the question. Human agents answer within one business day.',
	"10. Tone. Be warm and brief. Use the customer's words, avoid jargon, and never blame the customer for a billing error. Close with a short offer to help further only when the issue is not resolved.",
	'11. Outages and service credits. When an outage breaches the monthly uptime commitment (99.9% for Team, 99.95% for Business), customers receive a service credit of 10% of the monthly fee per full hour of downtime, up to 50%. Credits are applied automatically to the next invoice; the customer does not need to ask.',
	'12. Currency. Prices are set in US dollars. Customers in the euro area and the United Kingdom may choose to be billed in EUR or GBP at the published price list; the currency can be changed only at the start of a billing period.',
	'13. Seats. Team and Business plans are billed per seat. Seats added mid-period are charged pro rata on the next invoice; seats removed mid-period are credited pro rata. A seat is counted when a member has accepted the invitation, not when it is sent.',
	'14. Usage overage. Compute and storage above the plan allowance are billed in arrears at the rates on the pricing page. Customers can set a monthly spending cap under Billing > Limits; when the cap is reached, new workloads are paused and an email goes to every billing admin.',
	'15. Discounts. Non-profits and schools get 30% off any plan after verification. Startup programme members get $5,000 of credits for 12 months. Discounts do not stack: the larger one applies. Coupons must be entered before checkout and cannot be applied to past invoices.',
	'16. Trials. New accounts get a 14-day trial of the Team plan with no card required. At the end of the trial the account moves to the free tier unless a plan is chosen. Trial usage is never billed, even when a card was added during the trial.',
	'17. Billing contacts. Up to five billing admins can be named per account. Only billing admins and the owner can see invoices, change the payment method or request refunds. Receipts can also be sent to a shared mailbox set under Billing > Contacts.',
	'18. Data requests. Customers may ask for a copy of their billing records at any time; the export is a CSV of every invoice, payment, refund and credit since the account was opened, delivered within three business days.',
	'19. Chargebacks. If a customer disputes a charge with their bank, the account is flagged and a human agent takes over. Do not discuss the dispute; explain that an agent will contact them within one business day and that the service keeps running meanwhile.',
	'20. Closing an account. Accounts can be closed from Settings > Account once every invoice is paid. Data is kept for 30 days and then deleted. Any remaining credit balance is refunded to the last payment method within 10 business days.',
].join('\n\n');

const line = (text = '') => process.stdout.write(`${text}\n`);
/** Width of the speaker column in the chat transcript. */
const LABEL = 38;

async function chat({ url, session }) {
	const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'demo-key', fetch: session.fetch });
	const anthropic = new Anthropic({ baseURL: url, apiKey: 'demo-key', fetch: session.fetch });
	const say = (who, text) => line(`  ${who.padEnd(LABEL)} ${text}`);

	// 1-2. Two turns with gpt-4o: a plain JSON reply, then a streamed one (the handbook is cached by then).
	const history = [{ role: 'system', content: HANDBOOK }];
	const ask1 = 'I was charged twice for my March invoice. How do I get my money back?';
	history.push({ role: 'user', content: ask1 });
	say('user', ask1);
	const first = await openai.chat.completions.create({ model: 'gpt-4o', messages: history });
	const reply1 = first.choices[0].message.content;
	say(`assistant (${first.model})`, reply1);
	history.push({ role: 'assistant', content: reply1 });

	const ask2 = 'How long until the refund shows up on my card?';
	history.push({ role: 'user', content: ask2 });
	say('user', ask2);
	const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: history, stream: true, stream_options: { include_usage: true } });
	let reply2 = '';
	let served2 = '';
	process.stdout.write(`  ${'assistant (streaming)'.padEnd(LABEL)} `);
	for await (const chunk of stream) {
		served2 ||= chunk.model;
		const text = chunk.choices[0]?.delta?.content ?? '';
		reply2 += text;
		process.stdout.write(text);
	}
	line(`   [${served2}]`);
	history.push({ role: 'assistant', content: reply2 });

	// 3. gpt-5-mini through the Responses API, streamed: a one-line summary for the ticket (a reasoning model).
	const summaryStream = await openai.responses.create({
		model: 'gpt-5-mini',
		instructions: 'Summarize this support conversation in one sentence for the ticket log.',
		input: history.filter((message) => message.role !== 'system').map(({ role, content }) => ({ role, content })),
		reasoning: { effort: 'low' },
		stream: true,
	});
	let served3 = '';
	process.stdout.write(`  ${'ticket summary (streaming)'.padEnd(LABEL)} `);
	for await (const event of summaryStream) {
		if (event.type === 'response.created') served3 = event.response.model;
		if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
	}
	line(`   [${served3}]`);

	// 4-5. Two turns with Claude: the handbook marked for caching is written on the first call, read on the second.
	const system = [{ type: 'text', text: HANDBOOK, cache_control: { type: 'ephemeral' } }];
	const claudeHistory = [];
	const ask4 = 'Can I switch my Team plan to annual billing in the middle of the month?';
	claudeHistory.push({ role: 'user', content: ask4 });
	say('user', ask4);
	const message = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 512, system, messages: claudeHistory });
	const reply4 = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
	say(`assistant (${message.model})`, reply4);
	claudeHistory.push({ role: 'assistant', content: reply4 });

	const ask5 = 'And what happens to the credits I have not used this month?';
	claudeHistory.push({ role: 'user', content: ask5 });
	say('user', ask5);
	const events = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 512, system, messages: claudeHistory, stream: true });
	let served5 = '';
	process.stdout.write(`  ${'assistant (streaming)'.padEnd(LABEL)} `);
	for await (const event of events) {
		if (event.type === 'message_start') served5 = event.message.model;
		if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') process.stdout.write(event.delta.text);
	}
	line(`   [${served5}]`);
}

// ---------------------------------------------------------------------------------------------
// The bill

const BUCKET_COLUMNS = [
	['input', (u) => u.input],
	['cache read', (u) => u.cacheRead],
	['cache write', (u) => (u.cacheWrite5m ?? 0) + (u.cacheWrite1h ?? 0)],
	['output', (u) => u.output],
	['reasoning', (u) => u.reasoning],
];
const SHOWN = new Set(['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning']);

/** Buckets the columns above do not show (audio, images, web searches), as `name=count`. */
const otherBuckets = (usage) =>
	Object.entries(usage)
		.filter(([bucket, count]) => !SHOWN.has(bucket) && count)
		.map(([bucket, count]) => `${bucket}=${count}`)
		.join(' ');

/**
 * Plain aligned text. Columns: [title, align] with align 'left', 'right' or 'decimal' (right-aligned
 * on the decimal point, so exact costs of different lengths line up).
 */
function table(columns, rows, footer) {
	const all = footer ? [...rows, footer] : rows;
	const cells = all.map((row) => row.map((cell) => (cell === undefined || cell === null ? '' : String(cell))));
	const decimals = columns.map((_, c) => Math.max(0, ...cells.map((row) => (row[c].includes('.') ? row[c].length - row[c].indexOf('.') : 0))));
	const shaped = cells.map((row) =>
		row.map((cell, c) => {
			if (columns[c][1] !== 'decimal' || !cell) return cell;
			const fraction = cell.includes('.') ? cell.length - cell.indexOf('.') : 0;
			return cell + ' '.repeat(decimals[c] - fraction);
		}),
	);
	const widths = columns.map(([title], c) => Math.max(title.length, ...shaped.map((row) => row[c].length)));
	const format = (row) =>
		row
			.map((cell, c) => (columns[c][1] === 'left' ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
			.join('  ')
			.trimEnd();
	const rule = widths.map((width) => '-'.repeat(width)).join('  ');
	const out = [format(columns.map(([title]) => title)), rule, ...shaped.slice(0, rows.length).map(format)];
	if (footer) out.push(rule, format(shaped.at(-1)));
	return out.map((text) => `  ${text}`).join('\n');
}

const count = (value) => (value ? String(value) : '0');

function printBill(summary, records) {
	line();
	line('=== Bill ===');
	line(`  session    ${summary.id}`);
	line(`  user       ${summary.userId ?? '-'}`);
	line(
		`  tags       ${
			Object.entries(summary.tags)
				.map(([k, v]) => `${k}=${v}`)
				.join(', ') || '-'
		}`,
	);
	line(`  period     ${summary.startedAt} -> ${summary.endedAt ?? 'open'}  (${summary.endState ?? 'open'})`);
	line();

	const hasOther = records.some((record) => otherBuckets(record.usage));
	line('Calls (tokens by bucket; cost in USD, exact):');
	line(
		table(
			[
				['#', 'right'],
				['provider', 'left'],
				['served model', 'left'],
				['api', 'left'],
				['stream', 'left'],
				...BUCKET_COLUMNS.map(([title]) => [title, 'right']),
				...(hasOther ? [['other', 'left']] : []),
				['cost (USD)', 'decimal'],
			],
			records.map((record, i) => [
				i + 1,
				record.provider,
				record.model ?? '?',
				record.format ?? '-',
				record.stream ? 'yes' : 'no',
				...BUCKET_COLUMNS.map(([, get]) => count(get(record.usage))),
				...(hasOther ? [otherBuckets(record.usage)] : []),
				record.cost ?? `unpriced (${record.problem ?? 'no price'})`,
			]),
		),
	);
	line();
	line('Rates charged (USD per 1M tokens):');
	const keyWidth = Math.max(0, ...records.map((record) => (record.priceKey ?? '-').length));
	for (const [i, record] of records.entries()) {
		const rates = Object.entries(record.prices ?? {})
			.map(([bucket, price]) => `${bucket} ${price}`)
			.join(', ');
		line(`  #${String(i + 1).padEnd(String(records.length).length)}  ${(record.priceKey ?? '-').padEnd(keyWidth)}  ${rates || record.problem || '-'}`);
	}
	line();

	line('By model:');
	line(
		table(
			[['provider', 'left'], ['model', 'left'], ['calls', 'right'], ...BUCKET_COLUMNS.map(([title]) => [title, 'right']), ['cost (USD)', 'decimal'], ['known', 'left']],
			summary.byModel.map((model) => [
				model.provider,
				model.model ?? '?',
				model.calls,
				...BUCKET_COLUMNS.map(([, get]) => count(get(model.usage))),
				model.cost.toFixed(),
				model.costKnown ? 'yes' : 'no',
			]),
			['total', '', summary.calls, ...BUCKET_COLUMNS.map(([, get]) => count(get(summary.usage))), summary.cost.toFixed(), summary.costKnown ? 'yes' : 'no'],
		),
	);
	line();
	line(`Total: $${summary.cost.toFixed()} USD`);
	line(`costKnown: ${summary.costKnown}  (calls ${summary.calls}, unpriced ${summary.unpricedCalls}, failed ${summary.failedCalls}, estimated ${summary.estimatedCalls})`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const records = [];
	const problems = [];
	const tracker = createTracker({
		onEvent(event) {
			if (event.type === 'call.recorded') records.push(event.record);
			else if (event.type !== 'session.started' && event.type !== 'session.ended') problems.push(event);
		},
	});

	const server = await startDemoServer();
	let summary;
	try {
		line(`Demo API server on ${server.url} (OpenAI and Anthropic look-alike, loopback only)`);
		const session = await tracker.startSession({ userId: 'user-4821', tags: { feature: 'billing-support' } });
		line(`Session ${session.id} started`);
		line();
		await chat({ url: server.url, session });
		summary = await tracker.endSession(session.id, 'Success');
	} finally {
		await server.close();
	}

	printBill(summary, records);

	// The bill must add up, and every call must be read and priced.
	const sum = records.reduce((total, record) => total.plus(record.cost ?? 0), new Big(0));
	if (records.length !== summary.calls) problems.push({ type: 'demo.check', error: `recorded ${records.length} calls, the summary has ${summary.calls}` });
	if (!sum.eq(summary.cost)) problems.push({ type: 'demo.check', error: `the calls add up to ${sum.toFixed()}, the summary says ${summary.cost.toFixed()}` });
	if (!summary.costKnown) problems.push({ type: 'demo.check', error: 'some calls could not be priced' });
	if (problems.length) {
		line();
		line('Problems:');
		for (const problem of problems) line(`  ${problem.type}: ${problem.reason ?? problem.error?.message ?? problem.error ?? problem.record?.problem ?? ''}`);
		throw new Error(`the demo found ${problems.length} problem(s)`);
	}
}

main().then(
	() => {
		process.exitCode = 0;
	},
	(error) => {
		console.error('demo failed:', error);
		process.exitCode = 1;
	},
);
