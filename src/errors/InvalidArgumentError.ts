import { TokentabError } from './TokentabError';

/** A call to tokentab's own API got an argument it cannot use (a bad end state, a negative count, a non-decimal price). */
export class InvalidArgumentError extends TokentabError {
	override name = 'InvalidArgumentError';
}
