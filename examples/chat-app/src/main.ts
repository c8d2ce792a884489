// A chat app that knows what each message cost. tokentab tracks one session per chat in IndexedDB:
// every reply's exact cost, the chat's total against its budget, the history of chats with their
// end states, and the spend per day.
import Big from 'big.js';
import { bundledCatalog, type CallRecord, createTracker, type EndState, type Session, type SessionSummary, type Tracker, type TrackerEvent } from 'tokentab';
import { createPricer } from 'tokentab/pricer';
import { indexedDBStore } from 'tokentab/idb';
import { budgetAlert, budgetOptions, budgetStop, THRESHOLDS } from './budget';
import { shortMoney, spendChart } from './chart';
import { baseUrlFor, DEFAULT_MODELS, loadSettings, type Provider, type Settings, saveSettings, validSettings } from './config';
import { byId, h } from './dom';
import { type ChatTurn, streamReply } from './llm';
import { localDay, spendPerDay } from './report';
import { currentSessionId, loadTranscript, type Message, saveTranscript, setCurrentSessionId, type Transcript } from './transcripts';
import './style.css';

const USER_ID = 'local-user';

// ---------------------------------------------------------------------------------------------
// State

let settings: Settings = loadSettings();
/** One IndexedDB store for the page: trackers made after a settings change share it. */
const store = indexedDBStore();
let tracker: Tracker = makeTracker();
let session: Session;
/** Set when the current chat has ended: it is shown read-only. */
let ended: SessionSummary | undefined;
let transcript: Transcript = { title: '', messages: [] };
let busy = false;
/** Resolves with the next call recorded in the current chat (the reply being streamed). */
let onRecorded: ((record: CallRecord) => void) | undefined;

function makeTracker(): Tracker {
	return createTracker({ store, onEvent, ...budgetOptions(settings.budget) });
}

// ---------------------------------------------------------------------------------------------
// Events from tokentab

function onEvent(event: TrackerEvent): void {
	if (event.type === 'call.recorded') {
		if (event.sessionId === session?.id) onRecorded?.(event.record);
		scheduleRefresh();
	} else if (event.type === 'call.unpriced') {
		toast(`No price for ${event.record.model ?? 'this model'}: its cost is unknown, not $0.`, 'warn');
	} else if (event.type === 'store.fallback') {
		banner(`History cannot be saved in this browser (IndexedDB ${event.reason}): it lasts until the tab closes.`);
	}
	const alert = budgetAlert(event);
	if (alert && (!alert.sessionId || alert.sessionId === session?.id)) {
		const text =
			alert.kind === 'exceeded'
				? `Stopped at the budget: $${alert.spent} spent${alert.estimate ? ` + up to $${alert.estimate} for the next reply` : ''} would pass $${alert.limit}.`
				: `${Math.round((alert.fraction ?? 0) * 100)} % of this chat's budget used ($${alert.spent} of $${alert.limit}).`;
		addAlert(text, alert.kind === 'exceeded' || (alert.fraction ?? 0) >= THRESHOLDS[1]! ? 'danger' : 'warn');
	}
}

// ---------------------------------------------------------------------------------------------
// Sessions

async function openChat(id?: string): Promise<void> {
	const resumed = id === undefined ? undefined : await tracker.getSession(id);
	if (resumed) {
		session = resumed;
		const summary = await session.summary();
		ended = summary.endState ? summary : undefined;
	} else {
		session = await tracker.startSession({ userId: USER_ID, tags: { app: 'chat-app' } });
		ended = undefined;
	}
	setCurrentSessionId(session.id);
	transcript = loadTranscript(session.id);
	alerts.replaceChildren();
	renderMessages();
	renderComposer();
	await refresh();
}

/** Ends the current chat with an end state, and starts a new one. */
async function endChat(state: EndState, reason?: string): Promise<void> {
	if (busy) return;
	// An untouched chat is already a new one.
	if (!ended && !transcript.messages.length) return byId<HTMLTextAreaElement>('input').focus();
	if (!ended) await session.end(state, reason);
	await openChat();
	byId<HTMLTextAreaElement>('input').focus();
}

// ---------------------------------------------------------------------------------------------
// Sending a message

/** The live estimate while a reply streams: about 4 characters a token, priced from the bundled catalog. */
const price = createPricer(bundledCatalog);
const tokensOf = (text: string) => Math.ceil(text.length / 4);
function liveEstimate(turns: ChatTurn[], reply: string): string | undefined {
	const input = turns.reduce((sum, turn) => sum + tokensOf(turn.content) + 4, 20);
	return price({ provider: settings.provider, model: settings.model, usage: { input, output: tokensOf(reply) }, at: Date.now() }).cost;
}

async function send(text: string): Promise<void> {
	if (busy || ended || !text.trim()) return;
	busy = true;
	const turns: ChatTurn[] = [];
	for (const message of transcript.messages) if (message.status === 'done' && message.role !== 'notice') turns.push({ role: message.role, content: message.content });
	turns.push({ role: 'user', content: text });
	const question: Message = { role: 'user', content: text, status: 'done' };
	const reply: Message = { role: 'assistant', content: '', status: 'streaming', liveUpdates: 0 };
	transcript.title ||= text.slice(0, 60);
	transcript.messages.push(question, reply);
	saveTranscript(session.id, transcript);
	renderMessages();
	renderComposer();

	const recorded = new Promise<CallRecord>((resolve) => (onRecorded = resolve));
	try {
		const result = await streamReply({
			settings,
			fetch: session.fetch,
			turns,
			onText(delta) {
				reply.content += delta;
				const estimate = liveEstimate(turns, reply.content);
				if (estimate !== undefined) reply.estimate = estimate;
				reply.liveUpdates = (reply.liveUpdates ?? 0) + 1;
				updateMessage(reply);
			},
		});
		if (result.model) reply.model = result.model;
		// The call is recorded just after its stream ends (tokentab reads the usage at the end).
		const record = await Promise.race([recorded, new Promise<undefined>((resolve) => setTimeout(resolve, 10_000))]);
		reply.status = 'done';
		if (record) {
			reply.priced = record.cost !== undefined;
			if (record.cost !== undefined) reply.cost = record.cost;
			reply.usageSource = record.usageSource;
			reply.model = record.model ?? reply.model;
			const usage = record.usage;
			reply.tokens = { input: (usage.input ?? 0) + (usage.cacheRead ?? 0) + (usage.cacheWrite5m ?? 0) + (usage.cacheWrite1h ?? 0), output: (usage.output ?? 0) + (usage.reasoning ?? 0) };
		}
	} catch (error) {
		const stop = budgetStop(error);
		if (stop) {
			// Nothing was sent: tokentab refused the call before it left the browser.
			transcript.messages.splice(transcript.messages.indexOf(reply), 1);
			question.status = 'stopped';
			const limit = `$${stop.limit}`;
			const why =
				stop.estimate === undefined
					? `${settings.model} has no price, and an enforced budget lets no unpriced call through`
					: `spent $${stop.spent}${stop.reserved === '0' ? '' : ` (and $${stop.reserved} held by replies in flight)`} and this reply could cost up to $${stop.estimate}`;
			transcript.messages.push({
				role: 'notice',
				status: 'done',
				content: `Budget reached: this message was not sent. This chat's budget is ${limit}; ${why}. Start a new chat, or raise the budget in Settings.`,
			});
			saveTranscript(session.id, transcript);
			ended = await session.end('Fail', `over budget: ${limit} per chat`);
		} else {
			reply.status = 'error';
			reply.content = error instanceof Error ? error.message : String(error);
		}
	} finally {
		onRecorded = undefined;
		busy = false;
	}
	saveTranscript(session.id, transcript);
	renderMessages();
	renderComposer();
	await refresh();
}

// ---------------------------------------------------------------------------------------------
// Rendering

const money = (cost: Big | string) => `$${typeof cost === 'string' ? cost : cost.toFixed()}`;
const tokenText = (tokens: { input: number; output: number }) => `${tokens.input} in · ${tokens.output} out`;
const alerts = byId('alerts');

function messageCost(message: Message): HTMLElement | undefined {
	if (message.role !== 'assistant' || message.status === 'error') return undefined;
	if (message.status === 'streaming') {
		return h(
			'div',
			{ class: 'cost live', 'data-testid': 'message-cost', 'data-state': 'estimate' },
			message.estimate ? `≈ ${money(message.estimate)}` : '≈ …',
			h('span', { class: 'detail' }, ' · streaming, estimated live'),
		);
	}
	const exact = message.cost !== undefined;
	return h(
		'div',
		{
			class: `cost${exact ? '' : ' unknown'}`,
			'data-testid': 'message-cost',
			'data-state': exact ? 'exact' : 'unknown',
			'data-cost': message.cost,
			'data-input': message.tokens?.input,
			'data-output': message.tokens?.output,
			'data-model': message.model,
			'data-live-updates': message.liveUpdates ?? 0,
		},
		h('strong', {}, exact ? money(message.cost!) : message.priced === false ? 'cost unknown' : 'not recorded'),
		message.usageSource === 'estimated' ? h('span', { class: 'detail' }, ' (estimated usage)') : '',
		message.tokens ? h('span', { class: 'detail' }, ` · ${tokenText(message.tokens)}`) : '',
		message.model ? h('span', { class: 'detail' }, ` · ${message.model}`) : '',
	);
}

function messageView(message: Message): HTMLElement {
	if (message.role === 'notice') return h('div', { class: 'notice', role: 'alert', 'data-testid': 'budget-stop' }, message.content);
	const classes = ['message', message.role, message.status].join(' ');
	const element = h(
		'div',
		{ class: classes, 'data-testid': 'message', 'data-role': message.role, 'data-status': message.status },
		h('div', { class: 'bubble' }, message.content || (message.status === 'streaming' ? '…' : '')),
		message.status === 'stopped' ? h('div', { class: 'cost unknown' }, 'not sent: over budget') : messageCost(message),
	);
	messageViews.set(message, element);
	return element;
}

const messageViews = new WeakMap<Message, HTMLElement>();

function renderMessages(): void {
	const list = byId('messages');
	list.replaceChildren(...transcript.messages.map(messageView));
	if (!transcript.messages.length) list.append(h('p', { class: 'empty' }, ended ? 'This chat has no messages.' : 'Ask anything. Each reply shows what it cost, to the exact decimal.'));
	list.scrollTop = list.scrollHeight;
}

/** Redraws one message as it streams. */
function updateMessage(message: Message): void {
	const old = messageViews.get(message);
	if (!old) return renderMessages();
	old.replaceWith(messageView(message));
	const list = byId('messages');
	list.scrollTop = list.scrollHeight;
}

function renderComposer(): void {
	const input = byId<HTMLTextAreaElement>('input');
	const sendButton = byId<HTMLButtonElement>('send');
	input.disabled = Boolean(ended);
	sendButton.disabled = Boolean(ended) || busy;
	input.placeholder = ended ? `This chat ended (${ended.endState}). Start a new chat to continue.` : 'Message (Enter to send, Shift+Enter for a new line)';
	for (const id of ['resolved', 'unresolved']) byId<HTMLButtonElement>(id).disabled = Boolean(ended) || busy;
	byId('chat-state').replaceChildren(stateBadge(ended?.endState), ended?.reason ? h('span', { class: 'reason' }, ended.reason) : '');
	byId('where').textContent = `${settings.provider === 'openai' ? 'OpenAI-compatible' : 'Anthropic'} · ${settings.model} · ${settings.baseUrl}`;
}

const stateBadge = (state: EndState | undefined) => h('span', { class: `badge ${(state ?? 'open').toLowerCase()}`, 'data-testid': 'state' }, state ?? 'open');

function renderMeters(summary: SessionSummary): void {
	byId('session-meter').replaceChildren(
		h('span', { class: 'label' }, 'This chat'),
		h('strong', { 'data-testid': 'session-cost', 'data-cost': summary.cost.toFixed() }, money(summary.cost)),
		h('span', { class: 'detail', 'data-testid': 'session-calls', 'data-calls': summary.calls }, ` · ${summary.calls} call${summary.calls === 1 ? '' : 's'}`),
		h('span', { class: 'detail' }, ` · ${tokenText({ input: (summary.usage.input ?? 0) + (summary.usage.cacheRead ?? 0), output: (summary.usage.output ?? 0) + (summary.usage.reasoning ?? 0) })}`),
		summary.costKnown ? '' : h('span', { class: 'detail warn' }, ' · some calls unpriced: a lower bound'),
	);
	const limit = new Big(settings.budget);
	const fraction = limit.gt(0) ? summary.cost.div(limit).toNumber() : 0;
	const level = fraction >= 1 ? 'over' : fraction >= THRESHOLDS[1]! ? 'danger' : fraction >= THRESHOLDS[0]! ? 'warn' : 'ok';
	const percent = fraction * 100;
	byId('budget').replaceChildren(
		h(
			'div',
			{ class: 'budget-text' },
			h('span', { class: 'label' }, 'Budget'),
			h('span', {}, `${money(settings.budget)} per chat · `),
			h('strong', { 'data-testid': 'budget-used' }, `${percent < 1 && percent > 0 ? percent.toPrecision(2) : Math.round(percent)} % used`),
			h('span', { class: 'detail' }, ' · enforced before each call'),
		),
		h(
			'div',
			{
				class: `meter-bar ${level}`,
				role: 'progressbar',
				'aria-valuemin': 0,
				'aria-valuemax': 100,
				'aria-valuenow': Math.min(100, Math.round(percent)),
				'data-testid': 'budget-bar',
				'data-level': level,
			},
			h('div', { class: 'fill', style: `width: ${Math.min(100, percent)}%` }),
			...THRESHOLDS.slice(0, -1).map((mark) => h('div', { class: 'mark', style: `left: ${mark * 100}%` })),
		),
	);
}

function addAlert(text: string, level: 'warn' | 'danger'): void {
	alerts.append(h('div', { class: `alert ${level}`, role: 'status', 'data-testid': 'budget-alert' }, text));
}

function historyItem(summary: SessionSummary, title: string): HTMLElement {
	const current = summary.id === session.id;
	const item = h(
		'li',
		{ class: current ? 'current' : '', 'data-testid': 'history-item', 'data-session': summary.id, 'data-state': summary.endState ?? 'open', 'data-cost': summary.cost.toFixed() },
		h(
			'button',
			{ type: 'button', title: summary.reason ?? '' },
			h('span', { class: 'title' }, title || 'New chat'),
			h(
				'span',
				{ class: 'meta' },
				stateBadge(summary.endState),
				` ${new Date(summary.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} · ${summary.calls} call${summary.calls === 1 ? '' : 's'} · `,
				h('strong', {}, money(summary.cost)),
			),
		),
	);
	item.querySelector('button')!.addEventListener('click', () => {
		if (!busy && !current) void openChat(summary.id);
	});
	return item;
}

async function refresh(): Promise<void> {
	const summaries: SessionSummary[] = [];
	for (const info of await tracker.listSessions({ userId: USER_ID })) {
		const handle = await tracker.getSession(info.id);
		if (handle) summaries.push(await handle.summary());
	}
	const currentSummary = summaries.find((summary) => summary.id === session.id) ?? (await session.summary());
	renderMeters(currentSummary);
	const total = summaries.reduce((sum, summary) => sum.plus(summary.cost), new Big(0));
	byId('totals').replaceChildren(
		h('strong', { 'data-testid': 'total-cost', 'data-cost': total.toFixed() }, money(total)),
		h('span', { class: 'detail' }, ` across ${summaries.length} chat${summaries.length === 1 ? '' : 's'}`),
	);
	byId('history').replaceChildren(...summaries.reverse().map((summary) => historyItem(summary, loadTranscript(summary.id).title)));

	const perDay = await spendPerDay(tracker, 7);
	byId('chart').replaceChildren(spendChart(perDay.days, localDay(new Date())), h('p', { class: 'detail' }, `Last 7 days: ${money(perDay.total)}`));
}

let refreshing: Promise<void> | undefined;
let again = false;
/** Refreshes after recorded calls, one refresh at a time. */
function scheduleRefresh(): void {
	if (refreshing) {
		again = true;
		return;
	}
	refreshing = refresh()
		.catch((error) => console.error('refresh failed', error))
		.finally(() => {
			refreshing = undefined;
			if (again) {
				again = false;
				scheduleRefresh();
			}
		});
}

function toast(text: string, level: 'info' | 'warn' = 'info'): void {
	const element = h('div', { class: `toast ${level}`, role: 'status' }, text);
	byId('toasts').append(element);
	setTimeout(() => element.remove(), 6000);
}

function banner(text: string): void {
	byId('banner').replaceChildren(h('div', { class: 'alert warn', role: 'alert' }, text));
}

// ---------------------------------------------------------------------------------------------
// Settings

function openSettings(): void {
	const form = byId<HTMLFormElement>('settings-form');
	const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
	field('provider').value = settings.provider;
	field('baseUrl').value = settings.baseUrl;
	field('apiKey').value = settings.apiKey;
	field('model').value = settings.model;
	field('maxTokens').value = String(settings.maxTokens);
	field('budget').value = settings.budget;
	byId<HTMLDialogElement>('settings').showModal();
}

async function saveSettingsForm(): Promise<void> {
	const form = byId<HTMLFormElement>('settings-form');
	const data = new FormData(form);
	const text = (name: string) => String(data.get(name) ?? '').trim();
	settings = validSettings({
		provider: text('provider') as Provider,
		baseUrl: text('baseUrl'),
		apiKey: text('apiKey'),
		model: text('model'),
		maxTokens: Number(text('maxTokens')),
		budget: text('budget'),
	});
	saveSettings(settings);
	// Budgets are tracker options: a new tracker over the same store, resuming the same chat.
	tracker = makeTracker();
	await openChat(session.id);
}

function wireSettings(): void {
	const form = byId<HTMLFormElement>('settings-form');
	const provider = form.elements.namedItem('provider') as HTMLSelectElement;
	provider.addEventListener('change', () => {
		const next = provider.value as Provider;
		(form.elements.namedItem('model') as HTMLInputElement).value = DEFAULT_MODELS[next];
		const baseUrl = form.elements.namedItem('baseUrl') as HTMLInputElement;
		const origin = new URL(baseUrl.value || baseUrlFor(next)).origin;
		baseUrl.value = baseUrlFor(next, origin);
	});
	form.addEventListener('submit', (event) => {
		if ((event.submitter as HTMLButtonElement | null)?.value !== 'save') return;
		void saveSettingsForm();
	});
}

// ---------------------------------------------------------------------------------------------
// Start

function wire(): void {
	const input = byId<HTMLTextAreaElement>('input');
	byId<HTMLFormElement>('composer').addEventListener('submit', (event) => {
		event.preventDefault();
		const text = input.value;
		input.value = '';
		void send(text);
	});
	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !event.shiftKey) {
			event.preventDefault();
			byId<HTMLFormElement>('composer').requestSubmit();
		}
	});
	byId('new-chat').addEventListener('click', () => void endChat('Indeterminate', 'left without an outcome'));
	byId('resolved').addEventListener('click', () => void endChat('Success'));
	byId('unresolved').addEventListener('click', () => void endChat('Fail', 'not resolved'));
	byId('open-settings').addEventListener('click', openSettings);
	wireSettings();
}

wire();
await openChat(currentSessionId());
document.body.dataset.ready = 'true';
