import { expect } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { fixtureUrl } from './fixture-url';
import { fixtureCases } from './fixtures';

const pick = (file: string) => fixtureCases.find((fixture) => fixture.file === file)!;

/**
 * One session through session.fetch in whatever runtime runs this: JSON and SSE from the three
 * providers, streamed in small chunks, ended with an exact Big cost. Shared by the browser and
 * workers projects so both prove the same behaviour.
 */
export async function runEndToEndSession(base: string): Promise<void> {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event) });
	const session = await tracker.startSession({ userId: 'e2e', tags: { runtime: navigator.userAgent } });
	const calls = [
		pick('openai/openai-chat.json'),
		pick('openai/openai-chat-stream.recorded-fantasy.sse'),
		pick('openai/openai-responses-stream.recorded-fantasy.sse'),
		pick('anthropic/anthropic-messages-stream-web-search.recorded-fantasy.sse'),
		pick('gemini/gemini-streamGenerateContent.sse'),
		pick('bedrock/bedrock-invoke-with-response-stream-anthropic.recorded-fantasy.bin'),
	];
	for (const fixture of calls) {
		const url = fixtureUrl(base, fixture, { chunk: 97 });
		const response = await session.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' });
		expect(response.status).toBe(200);
		const received = new Uint8Array(await response.arrayBuffer());
		expect(received).toEqual(new Uint8Array(await (await fetch(url, { method: 'POST' })).arrayBuffer()));
	}
	const summary = await tracker.endSession(session.id, 'Success');
	// 0.000405 + 0.00007 + 0.00008 + 0.056785 + 0.001473 + 0.0001166 (Bedrock's binary event stream)
	expect(summary.cost.toFixed()).toBe('0.0589296');
	expect(summary.calls).toBe(6);
	expect(summary.costKnown).toBe(true);
	expect(summary.byModel.map((model) => model.model)).toEqual(['gpt-4o-2024-08-06', 'claude-sonnet-4-20250514', 'gemini-2.5-flash', 'claude-haiku-4-5-20251001']);
	expect(events.filter((event) => event.type === 'call.recorded')).toHaveLength(6);
	expect(JSON.parse(JSON.stringify(summary)).cost).toBe('0.0589296');
}
