// The Worker of the `workers` vitest project (test/workers/wrangler.jsonc points here): an app that
// tracks each request's LLM call in a session kept by tokentab's Durable Object, recording through
// ctx.waitUntil so the response never waits for the store.
import { createTracker, type Tracker } from '../../src/index';
import { durableObjectStore, TokentabDurableObject } from '../../src/stores/cloudflare/index';

export { TokentabDurableObject };

/**
 * The same Durable Object with faults to inject: storage errors on the next writes, and writes held
 * in flight until released (or until the object is reset under them).
 */
export class FaultyTokentabDurableObject extends TokentabDurableObject {
	private failures = 0;
	private failPrefix = '';
	private gate: { promise: Promise<void>; release: () => void } | undefined;
	private waiting = 0;

	/** The next `count` writes touching a key that starts with `prefix` throw. */
	failNext(count: number, prefix = 'call/'): void {
		this.failures = count;
		this.failPrefix = prefix;
	}

	/** Holds writes of calls until `release()`. */
	hold(): void {
		let release!: () => void;
		const promise = new Promise<void>((resolve) => (release = resolve));
		this.gate = { promise, release };
	}

	release(): void {
		this.gate?.release();
		this.gate = undefined;
	}

	heldWrites(): number {
		return this.waiting;
	}

	override async putEntry(key: string, value: unknown): Promise<void> {
		await this.pass([key]);
		super.putEntry(key, value);
	}

	override async putEntries(entries: [string, unknown][]): Promise<void> {
		await this.pass(entries.map(([key]) => key));
		super.putEntries(entries);
	}

	private async pass(keys: string[]): Promise<void> {
		if (this.gate && keys.some((key) => key.startsWith('call/'))) {
			this.waiting++;
			await this.gate.promise;
			this.waiting--;
		}
		// workerd logs each of these as "uncaught exception" in the object, as it logs any exception an
		// RPC method throws; the caller gets it as a rejected call all the same.
		if (this.failures > 0 && keys.some((key) => key.startsWith(this.failPrefix))) {
			this.failures--;
			throw new Error('SQLITE_IOERR: simulated Durable Object storage failure');
		}
	}
}

/** Trackers that live as long as the isolate, by store name (`&tracker=isolate`), as the README's Worker keeps one. */
const isolateTrackers = new Map<string, Tracker>();

export default {
	/**
	 * `POST /chat?session=ID&llm=URL[&binding=FAULTY][&store=NAME][&tracker=isolate]`: calls the LLM at
	 * `llm` through the session's fetch and returns its response as is. `POST /start?session=ID`,
	 * `POST /end?session=ID`. A tracker per request, or one for the isolate's life (`tracker=isolate`).
	 */
	async fetch(request: Request, env: Cloudflare.Env, ctx: ExecutionContext): Promise<Response> {
		const url = new URL(request.url);
		const binding = url.searchParams.get('binding') === 'FAULTY' ? env.FAULTY : env.TOKENTAB;
		const name = url.searchParams.get('store') ?? undefined;
		const waitUntil = (promise: Promise<unknown>) => ctx.waitUntil(promise);
		let tracker: Tracker;
		if (url.searchParams.get('tracker') === 'isolate') {
			tracker = isolateTrackers.get(name ?? '') ?? createTracker({ store: durableObjectStore(binding, name) });
			isolateTrackers.set(name ?? '', tracker);
		} else tracker = createTracker({ store: durableObjectStore(binding, name), waitUntil });
		const id = url.searchParams.get('session')!;
		if (url.pathname === '/start') {
			const session = await tracker.startSession({ id, userId: url.searchParams.get('user') ?? undefined, waitUntil });
			return Response.json({ id: session.id });
		}
		const session = await tracker.getSession(id, { waitUntil });
		if (!session) return new Response('no such session', { status: 404 });
		if (url.pathname === '/end') return Response.json(await session.end('Success'));
		const response = await session.fetch(url.searchParams.get('llm')!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await request.text() });
		// The app streams the LLM's answer on; the call is recorded (through waitUntil) when it ends.
		return new Response(response.body, response);
	},
} satisfies ExportedHandler<Cloudflare.Env>;
