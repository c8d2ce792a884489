import { textTokens, utf8Bytes } from './text-tokens';

/**
 * What a parsed request body holds that the model reads, measured in one iterative walk (a body
 * nested 10,000 levels deep is walked like a flat one: no recursion, linear in its size).
 */
export interface RequestParts {
	/** UTF-8 bytes of every string and key in the body, media payloads left out: bounds its text tokens. */
	bytes: number;
	/** Script-aware estimate of the text the model reads (the prompt fields' strings, labels and ids left out); 0 when not asked for. */
	estimate: number;
	/** Characters of that text, for the estimate's description. */
	chars: number;
	/** Messages (or contents, or input items) at the top level. */
	messages: number;
	/** Tool definitions, and of them the provider-defined ones (a `type` other than `function`/`custom`). */
	tools: number;
	builtinTools: number;
	/** Images, whatever their source (inline data, URL, file id). */
	images: number;
	/** Parts whose billed size the request does not show: audio, video, files, PDFs, server-held history, server tools. */
	unsized: string[];
	/** The longest cache write asked for (`cache_control`), if any. */
	cacheWrite?: '5m' | '1h';
}

/** Request fields that hold what the model reads, across the chat APIs tokentab knows. */
const TEXT_FIELDS = new Set(['messages', 'input', 'contents', 'system', 'systemInstruction', 'system_instruction', 'instructions', 'prompt', 'tools', 'tool_config', 'toolConfig']);
/** Keys under those fields that are labels, ids or binary data rather than text the model reads as tokens (for the estimate). */
const NOT_TEXT = new Set(['type', 'role', 'id', 'tool_call_id', 'tool_use_id', 'cache_control', 'data', 'image_url', 'url', 'mime_type', 'mimeType', 'detail']);
/** Top-level fields that pull in input the request does not carry. */
const SERVER_HELD = ['previous_response_id', 'conversation', 'cachedContent', 'cached_content', 'container'];
/** Content part types whose tokens depend on a length or page count the request does not show. */
const UNSIZED_TYPES = new Set(['input_audio', 'audio', 'video', 'input_video', 'file', 'input_file', 'document', 'document_url', 'container_upload', 'search_result']);
/** Tools the provider runs itself, feeding what they find back as input: its size is not in the request. */
const SERVER_TOOL = /search|fetch|mcp|code_interpreter|code_execution|codeexecution|urlcontext|url_context|retrieval|image_generation/i;
/** Top-level settings the provider does not render into the prompt: left out of the bound. */
const CONTROL = new Set([
	'model',
	'max_tokens',
	'max_completion_tokens',
	'max_output_tokens',
	'temperature',
	'top_p',
	'top_k',
	'n',
	'stream',
	'stream_options',
	'seed',
	'user',
	'metadata',
	'store',
	'service_tier',
	'logprobs',
	'top_logprobs',
	'presence_penalty',
	'frequency_penalty',
	'parallel_tool_calls',
	'safety_identifier',
	'prompt_cache_key',
	'stop',
	'logit_bias',
]);
const ROOTS_WITH_ITEMS = new Set(['messages', 'contents', 'input']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keys mediaKind reads: a part without any of them (most are `{ role, content }`) is no media. */
const MEDIA_KEYS = new Set(['type', 'inlineData', 'inline_data', 'fileData', 'file_data', 'image', 'document', 'video', 'audio']);

/** The kind of media a content part is, if it is one. */
function mediaKind(part: Record<string, unknown>): string | undefined {
	const type = part.type;
	const blob = part.inlineData ?? part.inline_data ?? part.fileData ?? part.file_data;
	if (isObject(blob)) {
		const mime = blob.mimeType ?? blob.mime_type;
		return typeof mime === 'string' && mime.startsWith('image/') ? 'image' : `${typeof mime === 'string' ? mime : 'file'} part`;
	}
	if (type === 'image_url' || type === 'input_image' || type === 'image') return 'image';
	// An Anthropic document of plain text or content blocks is text: it is walked as such.
	if (type === 'document' && isObject(part.source) && (part.source.type === 'text' || part.source.type === 'content')) return undefined;
	if (typeof type === 'string' && UNSIZED_TYPES.has(type)) return `${type} part`;
	// Bedrock Converse: { image: { format, source } }, { document: … }, { video: … }.
	if (isObject(part.image) && (part.image.source !== undefined || part.image.format !== undefined)) return 'image';
	if (isObject(part.document) || isObject(part.video) || isObject(part.audio)) return 'media part';
	return undefined;
}

/** What one tool definition adds: whether it is provider-defined, or run by the provider on input it fetches. */
function toolKind(tool: unknown): string {
	if (!isObject(tool)) return 'function';
	const type = typeof tool.type === 'string' ? tool.type : '';
	const named = type || Object.keys(tool).find((key) => key !== 'functionDeclarations' && key !== 'function_declarations') || '';
	if (SERVER_TOOL.test(named)) return `server tool ${named}`;
	return type && type !== 'function' && type !== 'custom' ? 'builtin' : 'function';
}

/**
 * Measures a parsed request body (OpenAI, Anthropic, Gemini, Cohere, Bedrock, Mistral shapes).
 * `estimate: false` leaves the script-aware estimate out: the bytes alone are a native scan of
 * each string, where the estimate reads every character.
 */
export function requestParts(request: unknown, estimate = true): RequestParts {
	const parts: RequestParts = { bytes: 0, estimate: 0, chars: 0, messages: 0, tools: 0, builtinTools: 0, images: 0, unsized: [] };
	// A body that is not a JSON object (form data, audio bytes, none) shows nothing of its size.
	if (!isObject(request)) {
		parts.unsized.push('a body that is not a JSON object');
		return parts;
	}
	for (const key of SERVER_HELD) if (request[key] !== undefined && request[key] !== null && request[key] !== '') parts.unsized.push(`server-held ${key}`);
	if (isObject(request.prompt) && request.prompt.id !== undefined) parts.unsized.push('stored prompt');
	for (const [key, value] of Object.entries(request)) {
		if (Array.isArray(value) && ROOTS_WITH_ITEMS.has(key)) parts.messages += value.length;
		if (key === 'tools' && Array.isArray(value)) {
			for (const tool of value) {
				const declared = isObject(tool) ? (tool.functionDeclarations ?? tool.function_declarations) : undefined;
				const kind = toolKind(tool);
				parts.tools += Array.isArray(declared) ? declared.length : 1;
				if (kind === 'builtin') parts.builtinTools++;
				else if (kind !== 'function') parts.unsized.push(kind);
			}
		}
	}
	// Values still to measure, and whether each counts toward the estimate: stacks, so depth costs
	// memory, never the call stack.
	const values: unknown[] = [request];
	const texts: boolean[] = [false];
	while (values.length) {
		const value = values.pop();
		const text = texts.pop()!;
		if (typeof value === 'string') {
			if (text) parts.chars += value.length;
			if (text && estimate) {
				const counted = textTokens(value);
				parts.bytes += counted.bytes;
				parts.estimate += counted.estimate;
			} else parts.bytes += utf8Bytes(value);
		} else if (typeof value === 'number' || typeof value === 'boolean') {
			parts.bytes += String(value).length;
		} else if (Array.isArray(value)) {
			for (const item of value) {
				values.push(item);
				texts.push(text);
			}
		} else if (isObject(value)) {
			const keys = Object.keys(value);
			const media = value !== request && keys.some((key) => MEDIA_KEYS.has(key)) ? mediaKind(value) : undefined;
			if (media === 'image') parts.images++;
			else if (media) parts.unsized.push(media);
			if (media) continue;
			if (isObject(value.cache_control)) parts.cacheWrite = value.cache_control.ttl === '1h' || parts.cacheWrite === '1h' ? '1h' : '5m';
			for (const key of keys) {
				if (value === request && CONTROL.has(key)) continue;
				parts.bytes += utf8Bytes(key);
				values.push(value[key]);
				texts.push(value === request ? TEXT_FIELDS.has(key) : text && !NOT_TEXT.has(key));
			}
		}
	}
	return parts;
}
