import { TokentabError } from '../errors/TokentabError';

/** `work`, or a failure once `ms` pass without an answer: a store that never answers is a failing store. */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
	// One promise and one timer, settled by whichever comes first (a race and a finally cost three more).
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new TokentabError(`the store did not answer within ${ms} ms`)), ms);
		work.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}
