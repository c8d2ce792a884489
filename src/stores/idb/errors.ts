import { StoreUnavailableError } from '../../errors/StoreUnavailableError';

/** What IndexedDB throws when it will not open here (a private window, an opaque origin). */
export const REFUSED = new Set(['SecurityError', 'InvalidStateError', 'NotAllowedError']);

/** A DOMException's name, whatever realm it came from. */
export const nameOf = (error: unknown) => (typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '');

/** Out of space is not worth retrying: the tracker falls back to memory. Anything else is. */
export function mapError(error: unknown): unknown {
	if (nameOf(error) === 'QuotaExceededError') return new StoreUnavailableError('quota', 'IndexedDB is out of quota', { cause: error });
	return error;
}

/** `work`, its quota errors as StoreUnavailableError. */
export const run = <T>(work: Promise<T>): Promise<T> => work.catch((error: unknown) => Promise.reject(mapError(error)));
