/**
 * Token counts of text without a tokenizer: an upper bound and a script-aware estimate.
 *
 * The bound: the tokenizers of OpenAI (tiktoken's o200k/cl100k), Anthropic and Llama are byte-level
 * BPE, and Gemini's SentencePiece falls back to bytes, so a token covers at least one UTF-8 byte:
 * a text's UTF-8 byte length bounds its token count.
 *
 * The estimate follows tiktoken's pre-tokenizer (words of letters, split where a capital follows a
 * small letter; digits in groups of at most 3; a space before a digit on its own) and what its
 * vocabulary does with each script: an English word is about one token, punctuation runs merge a
 * little, a CJK character is under a token, Hangul fewer, an emoji one to three (its 4 UTF-8 bytes
 * are split when the vocabulary has no merge for them), other scripts take fewer characters a
 * token than English, and long runs of random ids (hex, base64) hardly merge. The constants were
 * fitted against o200k_base (gpt-tokenizer): the measured error is in docs/budgets.md.
 */

/** The rule's name, kept on every estimated record. */
export const TEXT_RULE =
	'script-aware v1 (words 1 (+1 each 5 letters past 12), digits ÷3, punctuation ÷4, Han/kana ×0.75, Hangul ×0.65, emoji ×1.75, Cyrillic/Greek ÷4.5, other scripts ÷3.5, hex ids ÷1.7, base64 ÷1.45)';

/** Kinds of characters: a run of one kind is estimated as a whole. */
const LOWER = 0;
const UPPER = 1;
const DIGIT = 2;
const SPACE = 3;
const PUNCT = 4;
const HAN = 5;
const HANGUL = 6;
const EMOJI = 7;
const CYRILLIC = 8;
const OTHER = 9;
const JOIN = 10;

function asciiKind(code: number): number {
	if (code >= 0x61 && code <= 0x7a) return LOWER;
	if (code >= 0x41 && code <= 0x5a) return UPPER;
	if (code >= 0x30 && code <= 0x39) return DIGIT;
	if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) return SPACE;
	return PUNCT;
}
/** The kind of each ASCII character, looked up: most text is ASCII. */
const ASCII_KINDS = Uint8Array.from({ length: 0x80 }, (_, code) => asciiKind(code));

function kindOf(code: number): number {
	if (code < 0x80) return ASCII_KINDS[code]!;
	// Zero-width joiners and variation selectors glue emoji together.
	if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return JOIN;
	if (code <= 0x024f) return code >= 0xc0 && code !== 0xd7 && code !== 0xf7 ? LOWER : PUNCT;
	if (code >= 0x0370 && code <= 0x052f) return CYRILLIC;
	if (code >= 0x2000 && code <= 0x2bff) return code >= 0x2600 ? EMOJI : PUNCT;
	if ((code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f) || (code >= 0xac00 && code <= 0xd7af)) return HANGUL;
	if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || (code >= 0x20000 && code <= 0x3ffff)) return HAN;
	if (code >= 0x1f000) return EMOJI;
	return OTHER;
}

/** Tokens a run of one kind (letters excepted: they go by words) is estimated at. */
function runTokens(kind: number, length: number): number {
	switch (kind) {
		case DIGIT:
			return Math.ceil(length / 3);
		case SPACE:
			// A single space joins the word after it; longer runs (indentation) merge in fours.
			return length > 1 ? Math.ceil((length - 1) / 4) : 0;
		case PUNCT:
			return Math.ceil(length / 4);
		case HAN:
			return Math.ceil(length * 0.75);
		case HANGUL:
			return Math.ceil(length * 0.65);
		case EMOJI:
			return Math.ceil(length * 1.75);
		case CYRILLIC:
			return Math.ceil(length / 4.5);
		case OTHER:
			return Math.ceil(length / 3.5);
		default:
			return length;
	}
}

const MIN_ID = 16;

/** Letters, digits and `+ / = _ -`: what hex, base64 and url-safe ids are made of. */
const ID_CHAR = new Uint8Array(128);
for (const char of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=_-') ID_CHAR[char.charCodeAt(0)] = 1;
const isIdChar = (code: number) => code < 128 && ID_CHAR[code] === 1;

/** Where the run of id characters from `from` ends. */
function idEnd(text: string, from: number): number {
	let end = from;
	while (end < text.length && isIdChar(text.charCodeAt(end))) end++;
	return end;
}

/** The tokens of the id characters from `from` to `end` when they look random (16 or more, letters and digits mixed); 0 otherwise. */
function idTokens(text: string, from: number, end: number): number {
	if (end - from < MIN_ID) return 0;
	let digit = false;
	let lower = false;
	let upper = false;
	for (let i = from; i < end; i++) {
		const kind = kindOf(text.charCodeAt(i));
		if (kind === DIGIT) digit = true;
		else if (kind === LOWER) lower = true;
		else if (kind === UPPER) upper = true;
	}
	if (!digit || !(lower || upper)) return 0;
	return Math.ceil((end - from) / (lower && upper ? 1.45 : 1.7));
}

/** A word of letters is a token up to 12 letters; a longer one is seldom a word of the vocabulary (one more each 5). */
const wordTokens = (letters: number) => (letters === 0 ? 0 : letters <= 12 ? 1 : 1 + Math.ceil((letters - 12) / 5));

const NON_ASCII = /[^\0-\x7f]/;
const encoder = new TextEncoder();
/** Up to this many UTF-16 units a text is scanned here; a longer one is encoded natively, in chunks of it. */
const CHUNK = 16_384;
/** Room for a chunk's UTF-8 (3 bytes a unit at most), made once. */
let scratch: Uint8Array | undefined;

/** A text's UTF-8 bytes (a lone surrogate as the 3 of U+FFFD, as TextEncoder writes it). */
export function utf8Bytes(text: string): number {
	if (text.length > 128) {
		scratch ??= new Uint8Array(CHUNK * 3);
		let bytes = 0;
		for (let from = 0; from < text.length; ) {
			let to = Math.min(from + CHUNK, text.length);
			// A pair split between chunks would be two replacement characters: it goes whole into the next.
			if (to < text.length && (text.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
			bytes += encoder.encodeInto(text.slice(from, to), scratch).written;
			from = to;
		}
		return bytes;
	}
	// A short text is most often ASCII: a native test says so, and its length is the answer.
	if (!NON_ASCII.test(text)) return text.length;
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/**
 * Counts a text's UTF-8 bytes (the bound) and its script-aware estimate, in one pass. State is in
 * locals of this function alone (no closure writes them), so the loop keeps it in registers.
 */
export function textTokens(text: string): { bytes: number; estimate: number } {
	let bytes = 0;
	let estimate = 0;
	let kind = -1;
	let run = 0;
	/** Letters of the word under way, and whether the last was a small one. */
	let word = 0;
	let lastLower = false;
	/** Where the run of id characters last looked at ends: one is looked at once. */
	let idsSeenTo = 0;
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (i >= idsSeenTo) {
			const end = idEnd(text, i);
			// An id starts after a space or punctuation.
			const id = word === 0 && (i === 0 || kindOf(text.charCodeAt(i - 1)) >= SPACE) ? idTokens(text, i, end) : 0;
			if (id) {
				estimate += (run ? runTokens(kind, run) : 0) + id;
				run = 0;
				kind = -1;
				bytes += end - i;
				i = end - 1;
				lastLower = false;
				continue;
			}
			idsSeenTo = end;
		}
		if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
			const low = text.charCodeAt(i + 1);
			if (low >= 0xdc00 && low <= 0xdfff) {
				code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
				i++;
			}
		}
		bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
		const next = kindOf(code);
		if (next === LOWER || next === UPPER) {
			if (run) estimate += runTokens(kind, run);
			run = 0;
			kind = -1;
			if (next === UPPER && lastLower) {
				estimate += wordTokens(word);
				word = 0;
			}
			word++;
			lastLower = next === LOWER;
			continue;
		}
		estimate += wordTokens(word);
		word = 0;
		lastLower = false;
		// A space before a digit is a token of its own (tiktoken attaches it to letters and punctuation only).
		if (next === DIGIT && kind === SPACE && run === 1) estimate++;
		if (next !== kind) {
			if (run) estimate += runTokens(kind, run);
			run = 0;
			kind = next;
		}
		run++;
	}
	return { bytes, estimate: estimate + wordTokens(word) + (run ? runTokens(kind, run) : 0) };
}
