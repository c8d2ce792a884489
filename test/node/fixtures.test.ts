import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { fixtureUrl } from '../support/fixture-url';
import { fixtureCases } from '../support/fixtures';

const base = inject('llmServerUrl');
const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

describe.each([
	{ name: 'whole', chunk: undefined },
	{ name: '7-byte chunks', chunk: 7 },
])('every fixture through session.fetch, $name', ({ chunk }) => {
	it.each(fixtureCases)('$file', async (fixture) => {
		const events: TrackerEvent[] = [];
		const tracker = createTracker({ onEvent: (event) => events.push(event) });
		const session = await tracker.startSession();
		const url = fixtureUrl(base, fixture, chunk ? { chunk } : {});
		const response = await session.fetch(url, { method: 'POST', body: JSON.stringify({ model: 'requested-model' }) });
		const received = new Uint8Array(await response.arrayBuffer());
		const summary = await tracker.endSession(session.id, 'Success');

		// The app got the server's bytes, untouched.
		const direct = new Uint8Array(await (await fetch(url, { method: 'POST' })).arrayBuffer());
		expect(received).toEqual(direct);
		if (!fixture.wrapped) expect(received).toEqual(new Uint8Array(await readFile(new URL(fixture.file, FIXTURES))));

		const recorded = events.filter((event) => event.type === 'call.recorded');
		expect(recorded).toHaveLength(1);
		const { record } = recorded[0] as Extract<TrackerEvent, { type: 'call.recorded' }>;
		expect(record.model).toBe(fixture.model);
		expect(record.usage).toEqual(fixture.usage);
		expect(record.cost).toBe(fixture.cost);
		expect(record.usageSource).toBe('reported');
		expect(record.serviceTier).toBe(fixture.serviceTier);
		expect(record.stream).toBe(fixture.file.endsWith('.sse') || fixture.wrapped === 'stream_chunks');
		expect(summary.cost.eq(fixture.cost)).toBe(true);
		expect(summary.costKnown).toBe(true);
		expect(summary.usage).toEqual(fixture.usage);
		expect(events.filter((event) => event.type === 'call.unpriced' || event.type === 'call.unparsed')).toEqual([]);
	});
});

describe('record() with raw bodies', () => {
	it.each(fixtureCases.filter((fixture) => fixture.file.endsWith('.json') && !fixture.wrapped))('$file', async (fixture) => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		const provider = fixture.file.split('/')[0] === 'vertex' ? 'google' : fixture.file.split('/')[0]!;
		const body = await readFile(new URL(fixture.file, FIXTURES), 'utf8');
		const record = await session.record({ provider, body });
		expect(record.usage).toEqual(fixture.usage);
		expect(record.cost).toBe(fixture.cost);
	});
});
