import { TokentabError } from './TokentabError';

/** No session with this id exists in the tracker's store. */
export class UnknownSessionError extends TokentabError {
	override name = 'UnknownSessionError';

	constructor(readonly sessionId: string) {
		super(`No session with id "${sessionId}"`);
	}
}
