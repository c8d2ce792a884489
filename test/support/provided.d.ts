// Values that test/support/global-setup.ts provides to every project (read with `inject(key)`).
export {};

declare module 'vitest' {
	export interface ProvidedContext {
		/** Base URL of the local test server, e.g. `http://127.0.0.1:40123` (no trailing slash). */
		llmServerUrl: string;
		/** Base URL of the demo server (examples/demo/server.mjs), the example apps' upstream in tests. */
		demoServerUrl: string;
	}
}
