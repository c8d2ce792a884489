// genai-prices matches some models with regular expressions; tokentab's catalog holds none (a
// catalog's rules must run in linear time: see src/pricing/pattern.ts). Each is translated here
// into rules of tokentab's language: an "or" of conjunctions. A regular expression neither the
// table nor the plain form covers stops the update, to be translated by hand.

/** Translations of the regular expressions that are not a plain `^literal…$`. */
const TABLE: Record<string, string[][]> = {
	// "not -tts at the end or before a dash" (names are lower-cased before matching).
	'^(?!.*-[tT][tT][sS](?:$|-))': [['!$-tts', '!~-tts-']],
	'^o[134]': [['^o1'], ['^o3'], ['^o4']],
};

const SPECIAL = new Set([...'.*+?()[]{}|^$\\']);
/** Characters that mean something in a `%` glob. */
const GLOB = new Set([...'*?#%']);

/**
 * `^literal`, `^literal$`, with `\.`-style escapes and `\d` or `\d{n}` digits, as a `^`/`=` rule
 * (no digits) or a `%` glob (`#` a digit); `undefined` for anything else.
 */
function plainRule(regex: string): string | undefined {
	if (!regex.startsWith('^')) return undefined;
	const anchored = regex.endsWith('$') && !regex.endsWith('\\$');
	const body = regex.slice(1, anchored ? -1 : undefined);
	let out = '';
	let digits = false;
	for (let i = 0; i < body.length; i++) {
		const char = body[i]!;
		if (char === '\\') {
			const next = body[++i];
			if (next === 'd') {
				const repeat = /^\{(\d+)\}/.exec(body.slice(i + 1));
				out += '#'.repeat(repeat ? Number(repeat[1]) : 1);
				if (repeat) i += repeat[0].length;
				digits = true;
			} else if (next !== undefined && SPECIAL.has(next) && !GLOB.has(next)) out += next;
			else return undefined;
		} else if (SPECIAL.has(char) || GLOB.has(char)) return undefined;
		else out += char.toLowerCase();
	}
	if (!digits) return `${anchored ? '=' : '^'}${out}`;
	return `%${out}${anchored ? '' : '*'}`;
}

/** A genai-prices regular expression as tokentab rules: alternatives, each a conjunction. */
export function regexRules(where: string, regex: string): string[][] {
	const known = TABLE[regex];
	if (known) return known;
	const plain = plainRule(regex);
	if (plain) return [[plain]];
	throw new Error(`${where}: the regular expression ${JSON.stringify(regex)} has no translation: add one to scripts/regex-rules.ts`);
}
