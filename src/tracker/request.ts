/** The request body as JSON, read after the call so it costs the app nothing. */
export function parseRequest(body: string | undefined): Record<string, unknown> | undefined {
	if (!body) return undefined;
	try {
		const request: unknown = JSON.parse(body);
		return typeof request === 'object' && request !== null && !Array.isArray(request) ? (request as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The service tier a request asks for: OpenAI's `service_tier`, Bedrock's `serviceTier.type`, Anthropic's `speed: 'fast'`. */
export function requestedTier(request: Record<string, unknown> | undefined): string | undefined {
	if (request?.speed === 'fast') return 'fast';
	const tier = request?.service_tier ?? (request?.serviceTier as { type?: unknown } | undefined)?.type;
	return typeof tier === 'string' ? tier : undefined;
}
