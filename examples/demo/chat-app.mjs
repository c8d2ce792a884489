// `npm run chat-app` at the repository root: the demo LLM server on 127.0.0.1:8788 (no key, no
// network) and examples/chat-app's Vite dev server on http://127.0.0.1:5173, on the repository's
// own build. Ctrl-C stops both. A copy of the app runs on its own with `npm install && npm run dev`.
import { createServer } from 'vite';
import { startDemoServer } from './server.mjs';

const port = Number(process.env.DEMO_PORT ?? 8788);
const demo = await startDemoServer({ port });
const vite = await createServer({ configFile: new URL('../chat-app/vite.config.ts', import.meta.url).pathname, define: { 'import.meta.env.VITE_DEMO_SERVER': JSON.stringify(demo.url) } });
await vite.listen();
console.log(`Demo LLM server: ${demo.url}`);
vite.printUrls();

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, async () => {
		await Promise.allSettled([vite.close(), demo.close()]);
		process.exit(0);
	});
}
