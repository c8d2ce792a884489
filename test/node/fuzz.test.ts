import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { MAX_SSE_FIELD } from '../../src/sse/parser';

/** mulberry32: a small seeded PRNG, so a failure replays from its seed. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ROOT = new URL('../fixtures/providers/', import.meta.url);
const PATHS: Record<string, string> = {
	openai: '/v1/chat/completions',
	azure: '/openai/v1/chat/completions',
	anthropic: '/v1/messages',
	gemini: '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
	vertex: '/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:generateContent',
	bedrock: '/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke-with-response-stream',
	cohere: '/v2/chat',
	groq: '/openai/v1/chat/completions',
	mistral: '/v1/chat/completions',
	openrouter: '/api/v1/chat/completions',
	xai: '/v1/chat/completions',
	cloudflare: '/client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct',
	deepseek: '/chat/completions',
};

async function corpus() {
	const files: { dir: string; bytes: Uint8Array; type: string }[] = [];
	for (const dir of Object.keys(PATHS)) {
		for (const name of await readdir(new URL(`${dir}/`, ROOT))) {
			if (name.endsWith('.meta.json')) continue;
			const type = name.includes('.sse') ? 'text/event-stream' : name.endsWith('.bin') ? 'application/vnd.amazon.eventstream' : 'application/json';
			files.push({ dir, bytes: new Uint8Array(await readFile(new URL(`${dir}/${name}`, ROOT))), type });
		}
	}
	return files;
}

type Mutation = (bytes: Uint8Array, next: () => number) => Uint8Array;
const at = (bytes: Uint8Array, next: () => number) => Math.floor(next() * (bytes.length + 1));
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

const MUTATIONS: Record<string, Mutation> = {
	none: (bytes) => bytes,
	truncate: (bytes, next) => bytes.slice(0, at(bytes, next)),
	garbage: (bytes, next) => {
		const cut = at(bytes, next);
		const noise = Uint8Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256));
		return join(bytes.slice(0, cut), noise, bytes.slice(cut));
	},
	'invalid utf-8': (bytes, next) => {
		const cut = at(bytes, next);
		return join(bytes.slice(0, cut), Uint8Array.of(0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82), bytes.slice(cut));
	},
	reorder: (bytes, next) => {
		const events = Buffer.from(bytes)
			.toString('latin1')
			.split(/(?<=\n\n|\r\n\r\n)/);
		for (let i = events.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1));
			[events[i], events[j]] = [events[j]!, events[i]!];
		}
		return new Uint8Array(Buffer.from(events.join(''), 'latin1'));
	},
	'oversized line': (bytes, next) => {
		const cut = at(bytes, next);
		return join(bytes.slice(0, cut), new Uint8Array(MAX_SSE_FIELD + 1000).fill(0x61), bytes.slice(cut));
	},
};

/** An upstream that sends `bytes` in random-size chunks. */
function upstream(bytes: Uint8Array, type: string, next: () => number): typeof fetch {
	return (async () => {
		let offset = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (offset >= bytes.length) return controller.close();
				const size = 1 + Math.floor(next() * 4096);
				controller.enqueue(bytes.slice(offset, (offset += size)));
			},
		});
		return new Response(body, { headers: { 'content-type': type } });
	}) as typeof fetch;
}

describe('fuzzing: truncated, reordered, garbage, oversized and invalid UTF-8 bodies and streams', async () => {
	const files = await corpus();
	const seeds = Array.from({ length: 240 }, (_, i) => 1000 + i);

	it.each(seeds)('seed %i', async (seed) => {
		const next = random(seed);
		const file = files[Math.floor(next() * files.length)]!;
		const names = Object.keys(MUTATIONS);
		const mutation = names[Math.floor(next() * names.length)]!;
		const bytes = MUTATIONS[mutation]!(file.bytes, next);
		const events: TrackerEvent[] = [];
		const session = await createTracker({ fetch: upstream(bytes, file.type, next), onEvent: (event) => events.push(event) }).startSession();
		const response = await session.fetch(`https://fuzz.test${PATHS[file.dir]}`, { method: 'POST', body: '{"model":"m","messages":[{"role":"user","content":"hi"}]}' });
		// The app gets exactly the bytes upstream sent, whatever they are, and nothing throws into it.
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
		const summary = await session.end('Indeterminate');
		expect(summary.calls).toBe(1);
		const [record] = events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : []));
		// Every call ends up read, estimated or explained.
		expect(record!.usageSource === 'reported' || record!.usageSource === 'estimated' || typeof record!.problem === 'string').toBe(true);
		expect(events.some((event) => event.type === 'tracker.error')).toBe(false);
	});
});
