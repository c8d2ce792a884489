// The little of `cloudflare:workers` that src/stores/cloudflare uses, so the library type-checks
// with the DOM lib. Apps (and test/workers) get the real declarations from @cloudflare/workers-types
// or `wrangler types`; the bundled .d.ts keeps `import { DurableObject } from 'cloudflare:workers'`.
declare module 'cloudflare:workers' {
	interface SyncKvStorage {
		get<T = unknown>(key: string): T | undefined;
		list<T = unknown>(options?: { prefix?: string; start?: string; end?: string; limit?: number }): Iterable<[string, T]>;
		put<T>(key: string, value: T): void;
		delete(key: string): boolean;
	}
	interface DurableObjectState {
		readonly storage: {
			readonly kv: SyncKvStorage;
			transactionSync<T>(closure: () => T): T;
		};
	}
	export abstract class DurableObject<Env = unknown> {
		protected ctx: DurableObjectState;
		protected env: Env;
		constructor(ctx: DurableObjectState, env: Env);
	}
}
