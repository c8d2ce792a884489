// Runs inside workerd (bundled by bench/stores.mjs): tokentab's Durable Object store from a Worker.
import { createTracker } from '../dist/index.js';
import { durableObjectStore, TokentabDurableObject } from '../dist/cloudflare.js';

export { TokentabDurableObject };

const usage = (i) => ({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000 + i, completion_tokens: 100 } });

export default {
	async fetch(request, env) {
		const url = new URL(request.url);
		const n = Number(url.searchParams.get('n'));
		const name = url.searchParams.get('name');
		const mode = url.pathname.slice(1);
		if (mode === 'rpc') {
			// The bare round trip: one putEntry per record, awaited one by one.
			const stub = env.TOKENTAB.get(env.TOKENTAB.idFromName(name));
			for (let i = 0; i < n; i++) await stub.putEntry(`call/x/${i}`, { i, usage: usage(i).usage });
			return Response.json({ n });
		}
		const tracker = createTracker({ store: durableObjectStore(env.TOKENTAB, name) });
		const session = await tracker.startSession();
		if (mode === 'batched') await Promise.all(Array.from({ length: n }, (_, i) => session.record(usage(i))));
		else for (let i = 0; i < n; i++) await session.record(usage(i));
		const summary = await session.end('Success');
		return Response.json({ n, calls: summary.calls, unsaved: summary.unsavedCalls });
	},
};
