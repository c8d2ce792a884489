// Runs the demo server on its own, for the example apps: `node examples/demo/serve.mjs [port]`
// (default 8788, or the DEMO_PORT environment variable; 0 picks a free port). It answers like
// OpenAI (`/v1/chat/completions`, `/v1/responses`) and Anthropic (`/v1/messages`) on 127.0.0.1,
// to any origin (CORS), with no key and no network. Stops on Ctrl-C.
import { startDemoServer } from './server.mjs';

const port = Number(process.argv[2] ?? process.env.DEMO_PORT ?? 8788);
const server = await startDemoServer({ port });
console.log(`Demo LLM server (OpenAI and Anthropic look-alike) on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		server.close().finally(() => process.exit(0));
	});
}
