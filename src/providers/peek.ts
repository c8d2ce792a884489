import { UsageFormatError } from '../errors/UsageFormatError';

// A response's text read without a full parse where a key is enough: the request path and the tap use these.

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// Its length, never its text: a problem is stored with the call, and the text may be a completion.
		throw new UsageFormatError(`not valid JSON (${text.length} characters)`);
	}
}

/**
 * The `"key":"value"` string of the top-level object (or of the objects `level` deep) in raw JSON
 * text, without parsing it (request bodies, stream chunks): a key nested deeper is content (a tool's
 * arguments, a user's document), never metadata to keep. Strings are skipped whole by native searches; only the punctuation
 * between them is walked, and only as far as the first top-level match.
 */
export function peekString(text: string, key: string, level = 1): string | undefined {
	const marker = `"${key}"`;
	let depth = 0;
	let at = 0;
	for (let found = text.indexOf(marker); found !== -1; found = text.indexOf(marker, found + marker.length)) {
		while (at < found) {
			const code = text.charCodeAt(at);
			if (code === 34 /* " */) {
				let end = text.indexOf('"', at + 1);
				while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
				if (end === -1) return undefined;
				at = end + 1;
				continue;
			}
			if (code === 123 /* { */ || code === 91 /* [ */) depth++;
			else if (code === 125 /* } */ || code === 93 /* ] */) depth--;
			at++;
		}
		// Inside a string the scan jumped over: text, not a key.
		if (at !== found) continue;
		at = found + marker.length;
		if (depth !== level) continue;
		const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(at, at + 300));
		if (match) return match[1] || undefined;
	}
	return undefined;
}

/**
 * `peekString` for the end of a JSON text whose start is not at hand (the tail of a large body):
 * the last `"key":"value"` of the top-level object, its depth counted back from the closing brace.
 */
export function peekStringAtEnd(text: string, key: string): string | undefined {
	const marker = `"${key}"`;
	let depth = 0;
	let at = text.length - 1;
	for (let found = text.lastIndexOf(marker); found !== -1; found = text.lastIndexOf(marker, found - 1)) {
		const close = found + marker.length - 1;
		while (at > close) {
			const code = text.charCodeAt(at);
			if (code === 34 /* " */ && !escaped(text, at)) {
				let open = text.lastIndexOf('"', at - 1);
				while (open !== -1 && escaped(text, open)) open = text.lastIndexOf('"', open - 1);
				if (open === -1) return undefined;
				at = open - 1;
				continue;
			}
			if (code === 125 /* } */ || code === 93 /* ] */) depth++;
			else if (code === 123 /* { */ || code === 91 /* [ */) depth--;
			at--;
		}
		// Inside a string the scan jumped over: text, not a key.
		if (at !== close) continue;
		let open = text.lastIndexOf('"', close - 1);
		while (open !== -1 && escaped(text, open)) open = text.lastIndexOf('"', open - 1);
		if (open === -1) return undefined;
		at = open - 1;
		// The key only if the string is the key whole (not a longer one ending in `\"key`), at the top level.
		if (open !== found || depth !== 1) continue;
		const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(close + 1, close + 301));
		if (match) return match[1] || undefined;
	}
	return undefined;
}

/** A quote after an odd run of backslashes is escaped. */
export function escaped(text: string, quote: number): boolean {
	let slashes = 0;
	while (text.charCodeAt(quote - 1 - slashes) === 92 /* \ */) slashes++;
	return slashes % 2 === 1;
}
