import type Big from 'big.js';
import type { CallRecord } from '../model/record';
import type { EndState, SessionSummary } from '../model/summary';

/** A call made without `session.fetch`, recorded by hand. */
export interface RecordInput {
	/** `openai`, `anthropic`, `google` (or `gemini`), or any name when `usage` is given in tokentab's buckets. */
	provider: string;
	/** The model that served the call; read from `body` when absent. */
	model?: string;
	/** The provider's raw usage object (`{ prompt_tokens, … }`), or usage already in tokentab's buckets (`{ input, output, … }`). */
	usage?: unknown;
	/** The provider's raw response body, parsed or as JSON text. */
	body?: unknown;
	serviceTier?: string;
	/** The cost the provider reported for the call, in USD as a decimal string: it wins over the catalog. */
	reportedCost?: string;
	/** When the call was made (prices in force then apply). Default: now. */
	at?: Date | number;
}

/** What the tracker lends a session handle. */
export interface SessionOps {
	fetch: typeof fetch;
	/** The record, or its promise when it is not done in this turn; throws on bad input. */
	record(input: RecordInput): CallRecord | Promise<CallRecord>;
	cost(): Promise<Big>;
	summary(): Promise<SessionSummary>;
	end(state?: EndState, reason?: string): Promise<SessionSummary>;
}

/** A handle on one session. Cheap to create: `tracker.getSession(id)` makes another for the same stored session. */
export class Session {
	/**
	 * A drop-in `fetch` for any SDK that takes one (`new OpenAI({ fetch: session.fetch })`). It sends
	 * every request unchanged, returns the response untouched, and records the usage of LLM calls.
	 */
	readonly fetch: typeof fetch;

	constructor(
		readonly id: string,
		private readonly ops: SessionOps,
	) {
		this.fetch = ops.fetch;
	}

	/** Records a call made without `session.fetch`, normalized and priced as fetch would. */
	record(input: RecordInput): Promise<CallRecord> {
		// Not async: a record done in this turn reaches the app in a resolved promise, with no extra turn.
		try {
			return Promise.resolve(this.ops.record(input));
		} catch (error) {
			return Promise.reject(error);
		}
	}

	/** The session's cost so far, once the calls whose responses were already read are recorded. */
	cost(): Promise<Big> {
		return this.ops.cost();
	}

	/** The session's summary so far (the session stays open). */
	summary(): Promise<SessionSummary> {
		return this.ops.summary();
	}

	/** Same as `tracker.endSession(session.id, state, reason)`. */
	end(state?: EndState, reason?: string): Promise<SessionSummary> {
		return this.ops.end(state, reason);
	}
}
