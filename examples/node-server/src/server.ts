// The server: node:http, one tracker over Redis for every user, three routes.
//
//   POST /chat        { "message": "…", "user"?: "alice", "model"?: "gpt-4o" } (or header x-user)
//   GET  /cost/:user  { "user", "cost": "0.00007", "calls", "costKnown" }
//   GET  /health
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { createClient } from 'redis';
import { createTracker, type Tracker } from 'tokentab';
import { redisStore } from 'tokentab/redis';
import { budgetOptions } from './budget.js';
import { chat } from './chat.js';
import type { Config } from './config.js';
import { userCost } from './cost.js';
import { HttpError, sendError, sendJson } from './http.js';
import { exportSpans } from './telemetry.js';

export interface RunningServer {
	url: string;
	tracker: Tracker;
	close(): Promise<void>;
}

async function route(request: IncomingMessage, response: ServerResponse, tracker: Tracker, config: Config): Promise<void> {
	const { pathname } = new URL(request.url ?? '/', 'http://localhost');
	if (pathname === '/chat' && request.method === 'POST') return sendJson(response, 200, await chat(request, tracker, config));
	const cost = pathname.match(/^\/cost\/([^/]+)$/);
	if (cost && request.method === 'GET') return sendJson(response, 200, await userCost(tracker, decodeURIComponent(cost[1]!)));
	if (pathname === '/health' && request.method === 'GET') return sendJson(response, 200, { ok: true });
	throw new HttpError(404, 'not_found', `No route for ${request.method} ${pathname}.`);
}

/**
 * Connects to Redis and listens. `spanExporter` (or `config.consoleSpans`) exports every call as a
 * GenAI span. Several processes on the same Redis share the users' costs and budgets.
 */
export async function startServer(config: Config, options: { spanExporter?: SpanExporter } = {}): Promise<RunningServer> {
	// disableOfflineQueue: while Redis is away, commands fail at once instead of queueing (tokentab lets the LLM calls go on).
	const redis = createClient({ url: config.redisUrl, disableOfflineQueue: true });
	redis.on('error', (error) => console.error('redis:', error.message));
	await redis.connect();
	const tracker = createTracker({
		store: redisStore(redis),
		...budgetOptions(config),
		onEvent: (event) => (event.type === 'store.error' || event.type === 'tracker.error') && console.error(event.type, event.error),
	});
	const stopSpans = options.spanExporter || config.consoleSpans ? exportSpans(tracker, options.spanExporter) : undefined;

	const server = createServer((request, response) => {
		route(request, response, tracker, config).catch((error: unknown) => {
			if (error instanceof HttpError) return sendError(response, error);
			console.error('server error', error);
			sendError(response, new HttpError(500, 'server_error', 'The server failed; see its logs.'));
		});
	});
	await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${config.host}:${port}`,
		tracker,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			await stopSpans?.();
			await redis.close();
		},
	};
}
