/**
 * Runs `task` in a later task, after the app's own continuations: recording a call must never sit
 * between a response's last byte and the code that awaits it. `setImmediate` where it exists
 * (Node, Bun); a MessageChannel in pages, where timers are clamped and throttled in background tabs;
 * `setTimeout` elsewhere (Workers, Deno).
 */
export const defer: (task: () => void) => void = (() => {
	const g = globalThis as { setImmediate?: (task: () => void) => void; document?: unknown };
	if (typeof g.setImmediate === 'function') return (task) => g.setImmediate!(task);
	if (typeof g.document === 'object' && typeof MessageChannel === 'function') {
		const queue: (() => void)[] = [];
		let channel: MessageChannel | undefined;
		return (task) => {
			if (!channel) {
				channel = new MessageChannel();
				channel.port1.onmessage = () => queue.shift()?.();
			}
			queue.push(task);
			channel.port2.postMessage(0);
		};
	}
	return (task) => setTimeout(task, 0);
})();
