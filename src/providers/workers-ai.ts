import { UsageFormatError } from '../errors/UsageFormatError';
import { chatStream, openaiChat } from './openai';
import { isObject } from './read';
import type { WireFormat } from './types';

/**
 * Cloudflare Workers AI `/ai/run/{model}`. The body wraps OpenAI-style usage in the v4 envelope
 * (`{ result: { response, usage } }`); a stream repeats cumulative usage on every chunk, so it is
 * final only when `[DONE]` arrives. The model is in the path.
 */
export const workersAiRun: WireFormat = {
	id: 'workers-ai',
	readBody(body, context) {
		const result = isObject(body) && isObject(body.result) ? body.result : body;
		if (!isObject(result) || !isObject(result.usage)) throw new UsageFormatError('not a Workers AI response');
		return openaiChat.readBody(result, context);
	},
	readUsage: openaiChat.readUsage,
	streamReader: (context) => chatStream(context, true),
};
