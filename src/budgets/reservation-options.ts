import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { ReservationOptions } from './types';

/** Checks the tracker's reservation options: a typed error for anything it cannot use. */
export function assertReservationOptions(options: ReservationOptions): void {
	if (options.countTokens !== undefined && typeof options.countTokens !== 'function') throw new InvalidArgumentError('countTokens must be a function');
	const unsized = options.unsizedInputTokens;
	if (unsized !== undefined && !(Number.isSafeInteger(unsized) && unsized > 0)) throw new InvalidArgumentError('unsizedInputTokens must be a positive integer');
}
