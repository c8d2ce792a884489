// What vitest.config.ts provides to the tests (the tokentab repository's test setup provides the same).
declare module 'vitest' {
	export interface ProvidedContext {
		/** The OpenAI- and Anthropic-compatible server the app talks to. */
		demoServerUrl: string;
	}
}
export {};
