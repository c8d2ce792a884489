import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { realUsage } from './real-tokens';

const FIXTURES = fileURLToPath(new URL('../fixtures/providers/', import.meta.url));

function contentType(file: string): string {
	if (file.endsWith('.sse') || file.endsWith('.sse.txt')) return 'text/event-stream; charset=utf-8';
	if (file.endsWith('.bin')) return 'application/vnd.amazon.eventstream';
	return 'application/json';
}

/**
 * A tiny local HTTP server for tests. The node, browser and workers projects all reach it through
 * the URL that test/support/global-setup.ts provides as `inject('llmServerUrl')`.
 *
 * Routes:
 * - POST /inspect/<any path> -> 200 JSON `{ method, path, search, headers, body }` of the request received
 * - POST /fixture/<provider>/<file>/<any path> -> the bytes of test/fixtures/providers/<provider>/<file>,
 *   written in chunks of `?chunk=N` bytes (default: whole) `?delay=ms` apart, cut after `?cut=N`
 *   bytes, with status `?status=S`; `?unwrap=stream_chunks|response_body` serves an SDK recording's
 *   parsed chunks as SSE, or its parsed body as JSON; `?unwrap=json_sequence` frames a transcript of
 *   chunk objects as SSE. The trailing path is free so URL detection sees a real API path.
 *
 * Every response carries `access-control-allow-origin: *` and OPTIONS preflights are answered, so
 * the browser project (whose page is served from vitest's own origin) may call it cross-origin.
 * - POST /tokens/<any path> -> an OpenAI chat completion whose usage is what gpt-4o really bills for
 *   the request at most (test/support/real-tokens.ts), after `?delay=ms`.
 */
export interface TestServer {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
	url: string;
	close(): Promise<void>;
}

const CORS_HEADERS: Record<string, string> = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
	'access-control-expose-headers': '*',
	'access-control-max-age': '600',
};

/** A request's whole body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
	for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
	const path = new URL(req.url ?? '/', 'http://localhost').pathname;

	if (req.method === 'OPTIONS') {
		// Preflight: allow whatever headers the browser asks for (content-type, authorization, x-api-key …).
		const requested = req.headers['access-control-request-headers'];
		res.setHeader('access-control-allow-headers', requested ?? '*');
		res.writeHead(204).end();
		return;
	}
	if (req.method === 'POST' && path.startsWith('/inspect/')) {
		const body = (await readBody(req)).toString('utf8');
		const { search } = new URL(req.url ?? '/', 'http://localhost');
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, path, search, headers: req.headers, body }));
		return;
	}
	if (req.method === 'POST' && path.startsWith('/tokens/')) {
		const usage = realUsage(JSON.parse((await readBody(req)).toString('utf8')));
		await sleep(Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('delay') ?? 0));
		const completion = {
			id: 'chatcmpl-tokens',
			object: 'chat.completion',
			model: 'gpt-4o-2024-08-06',
			choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'length' }],
			usage,
		};
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
		return;
	}
	const fixture = /^\/fixture\/([\w-]+)\/([\w.-]+)\//.exec(path);
	if (req.method === 'POST' && fixture) {
		await readBody(req);
		const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
		let bytes = await readFile(`${FIXTURES}${fixture[1]}/${fixture[2]}`);
		let type = contentType(fixture[2]!);
		const unwrap = params.get('unwrap');
		if (unwrap) {
			// SDK recordings that stored parsed chunks or a parsed body: serve them as the wire did.
			if (unwrap === 'json_sequence') {
				// Pretty-printed chunk objects one after another (a docs transcript): frame each as SSE.
				const chunks = JSON.parse(
					`[${bytes
						.toString('utf8')
						.trim()
						.replace(/\}\s*\{/g, '},{')}]`,
				);
				bytes = Buffer.from(`${chunks.map((chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`);
				type = 'text/event-stream';
			} else if (unwrap === 'stream_chunks') {
				const recording = JSON.parse(bytes.toString('utf8'));
				bytes = Buffer.from(recording.stream_chunks.map((chunk: unknown) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join(''));
				type = 'text/event-stream';
			} else {
				bytes = Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8'))[unwrap]));
			}
		}
		if (params.has('cut')) bytes = bytes.subarray(0, Number(params.get('cut')));
		const chunk = Number(params.get('chunk') ?? bytes.length) || bytes.length;
		const delay = Number(params.get('delay') ?? 0);
		res.writeHead(Number(params.get('status') ?? 200), { 'content-type': type });
		for (let at = 0; at < bytes.length; at += chunk) {
			if (res.destroyed) return;
			res.write(bytes.subarray(at, at + chunk));
			if (delay) await sleep(delay);
		}
		res.end();
		return;
	}
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`no route for ${req.method} ${path}`);
}

export async function startTestServer(): Promise<TestServer> {
	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(String(error));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
