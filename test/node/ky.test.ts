import ky from 'ky';
import { describe, expect, inject, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { trackKy } from '../../src/ky';

const base = inject('llmServerUrl');
const json = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello' }] };

async function tracked() {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event) });
	const session = await tracker.startSession();
	return { session, records: () => events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : [])) };
}

describe('tokentab/ky', () => {
	it('tracks a ky instance’s JSON call, keeping its options, and reads the request model from the Request', async () => {
		const { session, records } = await tracked();
		const api = trackKy(ky.create({ baseUrl: `${base}/fixture/openai/openai-chat.json/v1/`, headers: { authorization: 'Bearer sk-test' } }), session);
		const completion = await api.post('chat/completions', { json }).json();
		const direct = await ky.post(`${base}/fixture/openai/openai-chat.json/v1/chat/completions`, { json }).json();
		expect(completion).toEqual(direct);
		expect((await session.end('Success')).cost.toFixed()).toBe('0.000405');
		expect(records()[0]).toMatchObject({ requestedModel: 'gpt-4o', model: 'gpt-4o-2024-08-06', format: 'openai-chat' });
	});

	it('tracks a streamed body read through ky', async () => {
		const { session, records } = await tracked();
		const api = trackKy(ky, session);
		const response = await api.post(`${base}/fixture/anthropic/anthropic-messages-stream.sse/v1/messages?chunk=50`, { json: { model: 'claude-haiku-4-5', stream: true } });
		const text = await new Response(response.body).text();
		expect(text).toContain('message_stop');
		expect((await session.end('Success')).cost.toFixed()).toBe('0.001026');
		expect(records()[0]).toMatchObject({ stream: true, requestedModel: 'claude-haiku-4-5' });
	});

	it('leaves ky’s errors as ky’s, and records the failed call at no cost', async () => {
		const { session } = await tracked();
		const api = trackKy(ky.create({ retry: 0 }), session);
		await expect(api.post(`${base}/fixture/openai/openai-chat.json/v1/chat/completions?status=500`, { json }).json()).rejects.toMatchObject({ name: 'HTTPError' });
		const summary = await session.end('Fail');
		expect(summary).toMatchObject({ calls: 1, failedCalls: 1 });
	});
});
