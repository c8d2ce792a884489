// The little HTTP this server needs on top of node:http: JSON in, JSON out, errors that say why.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered as `{ error: { type, message, ...details } }` with its status. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
		readonly details: Record<string, unknown> = {},
	) {
		super(message);
	}
}

/** The largest request body read, in bytes: a chat message, not an upload. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body (an object), at most MAX_BODY_BYTES. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request_too_large', `The body is over ${MAX_BODY_BYTES} bytes.`);
		chunks.push(chunk);
	}
	let body: unknown;
	try {
		body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
	} catch {
		throw new HttpError(400, 'invalid_request', 'The body is not JSON.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object.');
	return body as Record<string, unknown>;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

export const sendError = (response: ServerResponse, error: HttpError) => sendJson(response, error.status, { error: { type: error.type, message: error.message, ...error.details } });
