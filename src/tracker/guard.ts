/** `work()`'s value, or the error it threw: for steps whose failure the caller turns into a record's problem. */
export function attempt<T>(work: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}
