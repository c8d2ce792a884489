// `npm test`: the server against a real redis-server (started by the tests on a free loopback port;
// REDIS_SERVER names the binary, default `redis-server`) and a fake OpenAI upstream (node:http).
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
