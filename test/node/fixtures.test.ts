import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { fixtureUrl } from '../support/fixture-url';
import { fixtureCases, usageCases } from '../support/fixtures';

const base = inject('llmServerUrl');
const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

describe.each([
	{ name: 'whole', chunk: undefined },
	{ name: '7-byte chunks', chunk: 7 },
])('every fixture through session.fetch, $name', ({ chunk }) => {
	it.each(fixtureCases)('$file', async (fixture) => {
		const events: TrackerEvent[] = [];
		const providers = fixture.register ? [{ match: `${base}/fixture/${fixture.file.split('/')[0]}/`, provider: fixture.provider }] : [];
		const tracker = createTracker({ onEvent: (event) => events.push(event), providers });
		const session = await tracker.startSession();
		const url = fixtureUrl(base, fixture, chunk ? { chunk } : {});
		const response = await session.fetch(url, { method: 'POST', body: JSON.stringify({ model: 'requested-model' }) });
		expect(response.status).toBe(200);
		const received = new Uint8Array(await response.arrayBuffer());
		const summary = await tracker.endSession(session.id, 'Success');

		// The app got the server's bytes, untouched.
		const direct = new Uint8Array(await (await fetch(url, { method: 'POST' })).arrayBuffer());
		expect(received).toEqual(direct);
		if (!fixture.wrapped) expect(received).toEqual(new Uint8Array(await readFile(new URL(fixture.file, FIXTURES))));

		const recorded = events.filter((event) => event.type === 'call.recorded');
		expect(recorded).toHaveLength(1);
		const { record } = recorded[0] as Extract<TrackerEvent, { type: 'call.recorded' }>;
		expect(record.provider).toBe(fixture.provider);
		expect(record.model).toBe(fixture.model);
		expect(record.usage).toEqual(fixture.usage);
		expect(record.usageSource).toBe(fixture.usageSource ?? 'reported');
		expect(record.serviceTier).toBe(fixture.serviceTier);
		expect(record.stream).toBe(!fixture.file.endsWith('.json') || fixture.wrapped === 'stream_chunks');
		expect(summary.usage).toEqual(fixture.usage);
		expect(events.filter((event) => event.type === 'call.unparsed')).toEqual([]);
		if (fixture.cost !== undefined) {
			expect(record.cost).toBe(fixture.cost);
			if (fixture.costSource) expect(record.costSource).toBe(fixture.costSource);
			expect(summary.cost.eq(fixture.cost)).toBe(true);
			expect(summary.costKnown).toBe(true);
		}
	});
});

describe('record() with raw bodies', () => {
	it.each(fixtureCases.filter((fixture) => fixture.file.endsWith('.json') && !fixture.wrapped))('$file', async (fixture) => {
		const session = await createTracker().startSession();
		const body = await readFile(new URL(fixture.file, FIXTURES), 'utf8');
		const record = await session.record({ provider: fixture.provider, body, ...(fixture.provider === 'cohere' ? { model: 'requested-model' } : {}) });
		expect(record.usage).toEqual(fixture.usage);
		expect(record.model).toBe(fixture.model);
		if (fixture.cost !== undefined) expect(record.cost).toBe(fixture.cost);
	});

	it('reads the response body in a Groq batch output line', async () => {
		const session = await createTracker().startSession();
		const line = JSON.parse(await readFile(new URL('groq/groq-batch-output-line.jsonl', FIXTURES), 'utf8'));
		const record = await session.record({ provider: 'groq', body: line.response.body });
		expect(record).toMatchObject({ provider: 'groq', model: 'llama-3.1-8b-instant', usage: { input: 55, output: 76 } });
	});
});

describe('record() with raw usage objects', () => {
	it.each(usageCases)('$file', async (fixture) => {
		const session = await createTracker().startSession();
		const usage = JSON.parse(await readFile(new URL(fixture.file, FIXTURES), 'utf8'));
		const record = await session.record({ provider: fixture.provider, model: 'm', usage: usage.usage ?? usage });
		expect(record.usage).toEqual(fixture.usage);
	});
});
