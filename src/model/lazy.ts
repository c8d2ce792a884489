/**
 * A module (or anything) loaded on first use and kept: `load` runs once, and every later call gets
 * the same promise, which costs an `await` instead of an `import()` lookup each time (about 2 µs in
 * Node, on every call that needs it). A load that fails (a chunk the network lost) rejects that
 * once, and the next call loads again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
	let loading: Promise<T> | undefined;
	return () =>
		(loading ??= load().catch((error: unknown) => {
			loading = undefined;
			throw error;
		}));
}
