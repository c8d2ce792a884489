// Types for server.mjs, for the TypeScript that starts it (the test setup, the examples' scripts).

export interface DemoServer {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	url: string;
	close(): Promise<void>;
}

/** Starts the demo server (an OpenAI and Anthropic look-alike) on 127.0.0.1; `port` 0 picks a free one. */
export function startDemoServer(options?: { port?: number }): Promise<DemoServer>;
