import { TokentabError } from './TokentabError';

/** A response or usage object does not have the shape its provider documents (a negative count, a missing usage). */
export class UsageFormatError extends TokentabError {
	override name = 'UsageFormatError';
}
