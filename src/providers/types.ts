import type { Usage } from '../core/usage';
import type { SSEEvent } from '../sse/parser';

/** What one response said about its own cost. */
export interface UsageReading {
	/** Catalog provider id that prices this call: `openai`, `anthropic`, `google`. */
	provider: string;
	/** The model that served the call (a dated snapshot when the provider resolves aliases). */
	model?: string;
	/** Absent when the response carried no usage (an aborted stream, a stream without `include_usage`). */
	usage?: Usage;
	/** The tier that served the call (`default`, `flex`, `priority`, `batch`, `standard` …), as the provider names it. */
	serviceTier?: string;
	/** The call's cost as the provider reported it, in USD as a decimal string (OpenRouter `usage.cost`, xAI `cost_in_usd_ticks` converted): it wins over the catalog. */
	reportedCost?: string;
}

/** Follows one SSE stream. `event` runs on the app's read path: keep it to string checks and parse in `finish`. */
export interface StreamReader {
	event(event: SSEEvent): void;
	finish(): UsageReading;
}

/** One wire format: how to recognise its URLs and read usage from its bodies and streams. */
export interface ProviderFormat {
	/** Unique name of the wire format: `openai-chat`, `anthropic-messages`, `gemini` … */
	id: string;
	/** Catalog provider id. */
	provider: string;
	/** Whether a POST to this URL speaks this format. Must be cheap: it runs on every tracked request. */
	matches(url: URL): boolean;
	/** The model a URL names (Gemini puts it in the path). */
	modelFromUrl?(url: URL): string | undefined;
	/** Reads a parsed JSON response body. Throws UsageFormatError when the body is not this format. */
	readBody(body: unknown): UsageReading;
	/** Normalizes a raw usage object of this provider, as `session.record()` receives it. */
	readUsage(raw: unknown): Usage;
	streamReader(): StreamReader;
}
