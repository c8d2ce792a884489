// The chat app as its user runs it: built by Vite, served by `vite preview`, driven in real
// Chromium (playwright-core, Debian's /usr/bin/chromium or CHROMIUM, a fresh profile) against an
// OpenAI and Anthropic look-alike (`demoServerUrl`: vitest.config.ts's LLM_SERVER_URL, or in the
// tokentab repository the demo server its test setup starts). Screenshots go to test-output/ for a
// person to look at.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Big from 'big.js';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const APP = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(APP, 'vite.config.ts');
const OUTPUT = join(APP, 'test-output');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** USD per million tokens, as the bundled catalog prices the demo server's models (no cache in these short chats). */
const RATES = { 'gpt-4o-mini-2024-07-18': { input: '0.15', output: '0.6' }, 'claude-haiku-4-5-20251001': { input: '1', output: '5' } } as const;

let server: PreviewServer;
let context: BrowserContext;
let page: Page;
let appUrl: string;
let userDataDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
	await mkdir(OUTPUT, { recursive: true });
	await build({ configFile: CONFIG, logLevel: 'warn' });
	server = await preview({ configFile: CONFIG, logLevel: 'warn', preview: { port: 0 } });
	appUrl = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
	userDataDir = await mkdtemp(join(tmpdir(), 'tokentab-chat-app-'));
	context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 820 } });
	page = context.pages()[0] ?? (await context.newPage());
	page.on('pageerror', (error) => pageErrors.push(error.message));
	page.on('console', (message) => {
		if (message.type() === 'error') pageErrors.push(message.text());
	});
}, 120_000);

afterAll(async () => {
	await context?.close();
	await server?.close();
	if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

async function ready(): Promise<void> {
	await page.waitForSelector('body[data-ready="true"]');
}

/** Sends a message and waits for its reply's exact cost; returns the reply's cost chip. */
async function send(text: string): Promise<{ cost: string; input: number; output: number; model: string; liveUpdates: number }> {
	const before = await page.locator('[data-testid="message-cost"][data-state="exact"]').count();
	await page.fill('#input', text);
	await page.press('#input', 'Enter');
	const chip = page.locator('[data-testid="message-cost"][data-state="exact"]').nth(before);
	await chip.waitFor();
	const attribute = async (name: string) => (await chip.getAttribute(name)) ?? '';
	return {
		cost: await attribute('data-cost'),
		input: Number(await attribute('data-input')),
		output: Number(await attribute('data-output')),
		model: await attribute('data-model'),
		liveUpdates: Number(await attribute('data-live-updates')),
	};
}

/** The exact cost of a call from its token counts, by hand. */
const priced = (model: keyof typeof RATES, input: number, output: number) => new Big(input).times(RATES[model].input).plus(new Big(output).times(RATES[model].output)).div(1_000_000);

const attr = (selector: string, name: string) => page.locator(selector).first().getAttribute(name);
const sessionCost = () => attr('[data-testid="session-cost"]', 'data-cost');
const totalCost = () => attr('[data-testid="total-cost"]', 'data-cost');
const todayBar = () => page.locator('[data-testid="chart-bar"].today');

async function history(): Promise<{ state: string; cost: string; current: boolean }[]> {
	return page
		.locator('[data-testid="history-item"]')
		.evaluateAll((items) => items.map((item) => ({ state: item.getAttribute('data-state') ?? '', cost: item.getAttribute('data-cost') ?? '', current: item.classList.contains('current') })));
}

async function changeSettings(change: (form: import('playwright-core').Locator) => Promise<void>): Promise<void> {
	await page.click('#open-settings');
	const form = page.locator('#settings-form');
	await change(form);
	await form.locator('button[value="save"]').click();
	await page.locator('#settings').waitFor({ state: 'hidden' });
	await ready();
}

describe('examples/chat-app in Chromium', () => {
	const costs: Big[] = [];

	it('streams replies and shows each one’s exact cost, and the chat’s total', async () => {
		await page.goto(`${appUrl}/?server=${encodeURIComponent(inject('demoServerUrl'))}&budget=0.05`);
		await ready();
		await expect.poll(() => page.textContent('#where')).toContain('gpt-4o-mini');

		for (const question of ['I was charged twice this month. Can you help?', 'How long does a refund take?']) {
			const reply = await send(question);
			expect(reply.model).toBe('gpt-4o-mini-2024-07-18');
			expect(reply.input).toBeGreaterThan(0);
			expect(reply.output).toBeGreaterThan(0);
			// The exact figure from the tracker, to the last digit, for the tokens the server reported.
			expect(reply.cost).toBe(priced(reply.model as keyof typeof RATES, reply.input, reply.output).toFixed());
			// The meter moved while the reply streamed (a live estimate per piece of text).
			expect(reply.liveUpdates).toBeGreaterThan(1);
			costs.push(new Big(reply.cost));
		}
		const total = costs.reduce((sum, cost) => sum.plus(cost), new Big(0)).toFixed();
		expect(await sessionCost()).toBe(total);
		expect(await attr('[data-testid="session-calls"]', 'data-calls')).toBe('2');
		expect(await totalCost()).toBe(total);
		expect(await history()).toEqual([{ state: 'open', cost: total, current: true }]);
		expect(await todayBar().getAttribute('data-cost')).toBe(total);
		expect(await page.locator('[data-testid="message"][data-role="assistant"]').count()).toBe(2);
	});

	it('keeps the chat, its costs, the history and the totals across a reload', async () => {
		const total = costs.reduce((sum, cost) => sum.plus(cost), new Big(0)).toFixed();
		await page.reload();
		await ready();
		await expect.poll(sessionCost).toBe(total);
		expect(await page.locator('[data-testid="message-cost"][data-state="exact"]').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-cost')))).toEqual(
			costs.map((cost) => cost.toFixed()),
		);
		expect(await totalCost()).toBe(total);
		expect(await history()).toEqual([{ state: 'open', cost: total, current: true }]);
		expect(await todayBar().getAttribute('data-cost')).toBe(total);
	});

	it('ends chats with their end states, on either API, and the totals add up after another reload', async () => {
		await page.click('#resolved');
		await expect.poll(async () => (await history()).map((item) => item.state)).toEqual(['open', 'Success']);

		// The Anthropic API, from the settings dialog.
		await changeSettings(async (form) => {
			await form.locator('select[name="provider"]').selectOption('anthropic');
		});
		await expect.poll(() => page.textContent('#where')).toContain('claude-haiku-4-5');
		const reply = await send('Can I move my Team plan to annual billing mid-month?');
		expect(reply.model).toBe('claude-haiku-4-5-20251001');
		expect(reply.cost).toBe(priced('claude-haiku-4-5-20251001', reply.input, reply.output).toFixed());
		costs.push(new Big(reply.cost));
		const second = await send('And what happens to unused credits?');
		costs.push(new Big(second.cost));

		const all = costs.reduce((sum, cost) => sum.plus(cost), new Big(0)).toFixed();
		const chatB = costs[2]!.plus(costs[3]!).toFixed();
		await page.reload();
		await ready();
		await expect.poll(totalCost).toBe(all);
		expect(await sessionCost()).toBe(chatB);
		expect(await history()).toEqual([
			{ state: 'open', cost: chatB, current: true },
			{ state: 'Success', cost: costs[0]!.plus(costs[1]!).toFixed(), current: false },
		]);
		expect(await todayBar().getAttribute('data-cost')).toBe(all);
		expect(await page.locator('[data-testid="message"]').count()).toBe(4);

		await page.screenshot({ path: join(OUTPUT, 'chat-app.png') });
		expect(pageErrors).toEqual([]);
	});

	it('stops a message over the chat’s budget before it is sent, with a clear message', async () => {
		await page.click('#new-chat');
		await changeSettings(async (form) => {
			await form.locator('input[name="maxTokens"]').fill('64');
			await form.locator('input[name="budget"]').fill('0.0006');
		});
		let sent = 0;
		for (let i = 0; i < 8 && !(await page.locator('[data-testid="budget-stop"]').count()); i++) {
			// The chat's call count catches up with the replies already costed, before the next is sent.
			await expect.poll(async () => Number(await attr('[data-testid="session-calls"]', 'data-calls'))).toBe(sent);
			const calls = sent;
			await page.fill('#input', `Question number ${i + 1}: what does my plan include?`);
			await page.press('#input', 'Enter');
			await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message-cost"][data-state="exact"]').length > n || document.querySelector('[data-testid="budget-stop"]'), sent);
			if (!(await page.locator('[data-testid="budget-stop"]').count())) sent++;
			else expect(Number(await attr('[data-testid="session-calls"]', 'data-calls'))).toBe(calls); // nothing was sent
		}
		expect(sent).toBeGreaterThan(0);
		const stop = page.locator('[data-testid="budget-stop"]');
		await expect.poll(() => stop.count()).toBe(1);
		expect(await stop.textContent()).toMatch(/^Budget reached: this message was not sent\. This chat's budget is \$0\.0006/);
		expect(await page.locator('[data-testid="message"][data-status="stopped"]').count()).toBe(1);
		expect(await page.isDisabled('#input')).toBe(true);
		await expect.poll(async () => (await history())[0]?.state).toBe('Fail');
		expect(await stop.textContent()).toMatch(/; spent \$[\d.]+ and this reply could cost up to \$[\d.]+\. Start a new chat/);
		// Thresholds crossed on the way are announced (50 % first), then the refusal.
		const spent = new Big((await sessionCost()) ?? '0');
		const alerts = await page.locator('[data-testid="budget-alert"]').allTextContents();
		if (spent.div('0.0006').gte(0.5)) expect(alerts[0]).toMatch(/^50 % of this chat's budget used \(\$[\d.]+ of \$0\.0006\)\.$/);
		expect(alerts.at(-1)).toMatch(/^Stopped at the budget: \$[\d.]+ spent \+ up to \$[\d.]+ for the next reply would pass \$0\.0006\.$/);
		await page.screenshot({ path: join(OUTPUT, 'chat-app-budget-stop.png') });
		expect(pageErrors).toEqual([]);
	});
});
