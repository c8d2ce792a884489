/** Base class of every error tokentab throws, so apps can tell ours apart with one `instanceof`. */
export class TokentabError extends Error {
	override name = 'TokentabError';
}
