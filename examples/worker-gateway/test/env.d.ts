import type { Env as GatewayEnv } from '../src/env';

declare global {
	namespace Cloudflare {
		// `env` from cloudflare:workers in the tests: the gateway's bindings (wrangler.jsonc).
		interface Env extends GatewayEnv {}
	}
}
