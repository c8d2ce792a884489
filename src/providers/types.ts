import type { CostDetails } from '../model/record';
import type { Usage } from '../model/usage';
import type { SSEEvent } from '../sse/parser';

/** What one response said about its own cost. */
export interface UsageReading {
	/** Provider id: who served the call (`openai`, `azure`, `bedrock` …); the pricer maps it to a catalog. */
	provider: string;
	/** The model that served the call (a dated snapshot when the provider resolves aliases). */
	model?: string;
	/** Absent when the response carried no usage (an aborted stream, a stream without `include_usage`). */
	usage?: Usage;
	/** False when a stream ended before its final usage: the counts it gave are a lower bound. */
	complete?: boolean;
	/** Characters of generated text seen in a stream, for an estimate when its usage is missing or partial. */
	outputChars?: number;
	/** The tier that served the call (`default`, `flex`, `priority`, `batch`, `standard` …), as the provider names it. */
	serviceTier?: string;
	/** The call's cost in USD as the provider itself reported it (OpenRouter `usage.cost`, xAI ticks), a decimal string. */
	reportedCost?: string;
	/** The parts of a reported cost, when a gateway reports them apart (OpenRouter BYOK: its fee and the provider's charge). */
	costDetails?: CostDetails;
}

/** Where a reader is reading: the provider (for its usage dialect) and the response headers. */
export interface ReadContext {
	provider: string;
	headers: Headers;
}

/** Follows one SSE stream. `event` runs on the app's read path: keep it to string checks and parse in `finish`. */
export interface StreamReader {
	event(event: SSEEvent): void;
	finish(): UsageReading;
}

/**
 * Follows one binary stream (an AWS event stream, `application/vnd.amazon.eventstream`) chunk by
 * chunk: its decoder is the format's own, so only an app that reads such streams carries one.
 */
export interface ChunkReader {
	chunk(bytes: Uint8Array): void;
	finish(): UsageReading;
}

/** One wire format: how to read usage from its JSON bodies and its streams. */
export interface WireFormat {
	/** `openai-chat`, `openai-responses`, `anthropic-messages`, `gemini`, `bedrock-converse` … */
	id: string;
	/** Reads a parsed JSON response body. Throws UsageFormatError when the body is not this format. */
	readBody(body: unknown, context: ReadContext): UsageReading;
	/** Normalizes a raw usage object of this format, as `session.record()` receives it, with any cost the provider reported in it. */
	readUsage(raw: unknown, provider: string): { usage: Usage; reportedCost?: string; costDetails?: CostDetails };
	streamReader?(context: ReadContext): StreamReader;
	chunkReader?(context: ReadContext): ChunkReader;
}
