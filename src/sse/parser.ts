import { UsageFormatError } from '../errors/UsageFormatError';

/** One server-sent event. `event` is `'message'` when the stream named none. */
export interface SSEEvent {
	event: string;
	data: string;
	id?: string;
}

export interface SSEParser {
	/** Feeds decoded text as it arrives; complete events are dispatched at once. */
	feed(text: string): void;
	/**
	 * The stream ended: dispatches an event left without its closing blank line, unless its last
	 * line was cut (a dropped connection leaves half a JSON value, which is no event).
	 */
	end(): void;
}

/** Whether an event's data is whole: `[DONE]`, or a JSON value (LLM streams carry JSON). */
function whole(data: string): boolean {
	if (data === '[DONE]') return true;
	try {
		JSON.parse(data);
		return true;
	} catch {
		return false;
	}
}

/** The most characters one line, or one event's data, may hold: past it the stream is refused. */
export const MAX_SSE_FIELD = 1024 * 1024;

/**
 * A streaming parser for the `text/event-stream` format (WHATWG HTML, "Server-sent events"):
 * LF, CR and CRLF line ends (also split across chunks), comments, `event:`/`id:` fields and
 * multi-line `data:`. It holds only the unfinished line and the event being built, each at most
 * `maxLength` characters; a longer one throws a UsageFormatError rather than grow without bound.
 */
export function createSSEParser(onEvent: (event: SSEEvent) => void, maxLength = MAX_SSE_FIELD): SSEParser {
	let pending = '';
	let skipLF = false;
	let data: string | undefined;
	let event = '';
	let id: string | undefined;

	function dispatch(): void {
		if (data !== undefined) onEvent({ event: event || 'message', data, ...(id === undefined ? {} : { id }) });
		data = undefined;
		event = '';
	}

	function line(text: string): void {
		if (text === '') return dispatch();
		if (text.charCodeAt(0) === 58 /* : */) return; // comment, e.g. ": OPENROUTER PROCESSING"
		const colon = text.indexOf(':');
		const field = colon === -1 ? text : text.slice(0, colon);
		let value = colon === -1 ? '' : text.slice(colon + 1);
		if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
		if (field === 'data') {
			data = data === undefined ? value : `${data}\n${value}`;
			if (data.length > maxLength) throw new UsageFormatError(`an SSE event over ${maxLength} characters`);
		} else if (field === 'event') event = value;
		else if (field === 'id' && !value.includes('\0')) id = value;
	}

	return {
		feed(text) {
			let start = 0;
			if (skipLF && text.charCodeAt(0) === 10) start = 1;
			skipLF = false;
			// Native searches find the line ends; most streams have no CR at all.
			let lf = text.indexOf('\n', start);
			let cr = text.indexOf('\r', start);
			while (lf !== -1 || cr !== -1) {
				const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
				line(pending + text.slice(start, end));
				pending = '';
				start = end + 1;
				if (end === cr) {
					if (start === text.length) skipLF = true;
					else if (lf === start) start++;
					cr = text.indexOf('\r', start);
				}
				if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
			}
			if (start < text.length) {
				pending += text.slice(start);
				if (pending.length > maxLength) throw new UsageFormatError(`an SSE line over ${maxLength} characters`);
			}
		},
		end() {
			if (pending) {
				line(pending);
				// A server may leave out the last line end; a dropped connection cuts a line short.
				if (data !== undefined && !whole(data)) data = undefined;
			}
			pending = '';
			dispatch();
		},
	};
}
