import { TokentabError } from '../errors/TokentabError';

/** `work`, or a failure once `ms` pass without an answer: a store that never answers is a failing store. */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new TokentabError(`the store did not answer within ${ms} ms`)), ms);
	});
	return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
