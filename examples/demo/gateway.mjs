// `npm run gateway` at the repository root: the demo LLM server on 127.0.0.1:8788 (the upstream in
// examples/worker-gateway/wrangler.jsonc; no key, no network) and `wrangler dev` serving the
// gateway on http://127.0.0.1:8787, on the repository's own build. Ctrl-C stops both. Try it:
//
//   curl -N http://127.0.0.1:8787/v1/chat/completions -H 'authorization: Bearer demo-alice' \
//     -H 'x-conversation-id: c1' -H 'content-type: application/json' \
//     -d '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}'
//   curl http://127.0.0.1:8787/sessions/c1 -H 'authorization: Bearer demo-alice'
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from './server.mjs';

const demo = await startDemoServer({ port: Number(process.env.DEMO_PORT ?? 8788) });
console.log(`Demo LLM server: ${demo.url}`);

const require = createRequire(import.meta.url);
const wranglerPackage = require.resolve('wrangler/package.json');
const bin = JSON.parse(readFileSync(wranglerPackage, 'utf8')).bin.wrangler;
const config = fileURLToPath(new URL('../worker-gateway/wrangler.jsonc', import.meta.url));
const args = [
	join(dirname(wranglerPackage), bin),
	'dev',
	'-c',
	config,
	'--ip',
	'127.0.0.1',
	'--port',
	process.env.PORT ?? '8787',
	'--var',
	`OPENAI_BASE_URL:${demo.url}`,
	'--var',
	`ANTHROPIC_BASE_URL:${demo.url}`,
	...process.argv.slice(2),
];
const wrangler = spawn(process.execPath, args, { stdio: 'inherit', env: { WRANGLER_SEND_METRICS: 'false', ...process.env } });

let stopping = false;
const stop = async (code = 0) => {
	if (stopping) return;
	stopping = true;
	wrangler.kill('SIGINT');
	await demo.close();
	process.exit(code);
};
wrangler.on('exit', (code) => void stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop(0));
