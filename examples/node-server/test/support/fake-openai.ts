// A fake OpenAI upstream on loopback: every POST /v1/chat/completions gets a real chat.completion
// body recorded from the live API (test/fixtures/openai-chat.json: gpt-4o, 20 tokens in, 2 out), and
// every request is kept, so a test can tell whether anything was sent.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const COMPLETION = readFileSync(new URL('../fixtures/openai-chat.json', import.meta.url), 'utf8');

export interface SeenRequest {
	path: string;
	authorization: string | undefined;
	body: Record<string, unknown>;
}

export interface FakeOpenAI {
	/** The base URL to give the SDK (with its /v1). */
	baseURL: string;
	requests: SeenRequest[];
	stop(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
	const requests: SeenRequest[] = [];
	const server = createServer(async (request, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
		const text = Buffer.concat(chunks).toString('utf8');
		requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: text ? JSON.parse(text) : {} });
		if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
			response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
			return;
		}
		response.writeHead(200, { 'content-type': 'application/json' }).end(COMPLETION);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseURL: `http://127.0.0.1:${port}/v1`,
		requests,
		async stop() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
