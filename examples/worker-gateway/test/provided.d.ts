// What vitest.config.ts provides to the tests (the tokentab repository's test setup provides the same).
declare module 'vitest' {
	export interface ProvidedContext {
		/** The OpenAI- and Anthropic-compatible upstream the gateway forwards to. */
		demoServerUrl: string;
		/** A server whose `POST /inspect/<path>` echoes the request it received as JSON. */
		llmServerUrl: string;
	}
}
export {};
