/**
 * Runs `task` in a later task, after the app's own continuations: recording a call must never sit
 * between a response's last byte and the code that awaits it.
 * - Node and Bun: `setImmediate`, twice: undici writes a request in a `setImmediate` of its own, so
 *   a recording queued once would run between the app's next request and its sending (a 200 KB
 *   stream's recording delayed the next request's headers by ~0.1 ms: bench/RESULTS.md).
 * - Pages, Workers, Deno: a MessageChannel message. Pages clamp and throttle timers (background
 *   tabs to once a second), and workerd runs `setImmediate` callbacks about 1 ms apart, one after
 *   another. A channel per task, so none outlives the request that made it (workerd forbids that).
 * - Anything else: `setTimeout`.
 */
export const defer: (task: () => void) => void = (() => {
	const g = globalThis as { setImmediate?: (task: () => void) => void; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
	const workerd = g.navigator?.userAgent === 'Cloudflare-Workers';
	if (!workerd && g.process?.versions?.node && typeof g.setImmediate === 'function') return (task) => g.setImmediate!(() => g.setImmediate!(task));
	if (typeof MessageChannel === 'function') {
		return (task) => {
			const { port1, port2 } = new MessageChannel();
			port1.onmessage = () => {
				port1.close();
				task();
			};
			port2.postMessage(0);
		};
	}
	return (task) => setTimeout(task, 0);
})();
