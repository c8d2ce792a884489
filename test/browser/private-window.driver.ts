// Bundled and run inside an opaque-origin sandboxed frame by idb.test.ts, where `indexedDB.open`
// throws SecurityError as it does in a private window that refuses storage.
import { createTracker, type TrackerEvent } from '../../src/index';
import { indexedDBStore } from '../../src/stores/idb';

declare const LLM_SERVER_URL: string;

const events: TrackerEvent[] = [];
let openError = '';
try {
	indexedDB.open('probe');
} catch (error) {
	openError = (error as Error).name;
}
const tracker = createTracker({ store: indexedDBStore(), onEvent: (event) => events.push(event) });
const session = await tracker.startSession({ userId: 'private' });
const response = await session.fetch(`${LLM_SERVER_URL}/fixture/openai/openai-chat.json/v1/chat/completions`, { method: 'POST', body: '{"model":"gpt-4o"}' });
const text = await response.text();
await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
const summary = await session.end('Success');
parent.postMessage(
	{
		done: true,
		origin: location.origin,
		openError,
		status: response.status,
		bodyIntact: JSON.parse(text).usage.completion_tokens === 37,
		summary: JSON.parse(JSON.stringify(summary)),
		events: events.map((event) => ({ type: event.type, reason: 'reason' in event ? event.reason : undefined, error: 'error' in event ? String(event.error) : undefined })),
	},
	'*',
);
