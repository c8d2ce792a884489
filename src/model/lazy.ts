/** A value loaded on first call and kept; `value` is that value once it has loaded. */
export interface Lazy<T> {
	(): Promise<T>;
	/** The loaded value, for a hot path that need not wait for it (no `await`, no promise); `undefined` until loaded. */
	readonly value: T | undefined;
}

/**
 * A module (or anything) loaded on first use and kept: `load` runs once, and every later call gets
 * the same promise, which costs an `await` instead of an `import()` lookup each time (about 2 µs in
 * Node, on every call that needs it), or nothing through `value`. A load that fails (a chunk the
 * network lost) rejects that once, and the next call loads again.
 */
export function lazy<T>(load: () => Promise<T>): Lazy<T> {
	let loading: Promise<T> | undefined;
	const get = (() =>
		(loading ??= load().then(
			(loaded) => ((get as { value?: T }).value = loaded),
			(error: unknown) => {
				loading = undefined;
				throw error;
			},
		))) as Lazy<T>;
	return get;
}
