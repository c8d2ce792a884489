import type { LanguageModelMiddleware } from 'ai';
import type { Session } from '../tracker/session';
import type { Usage } from '../model/usage';

type Model = Parameters<NonNullable<LanguageModelMiddleware['wrapGenerate']>>[0]['model'];
type ModelUsage = Awaited<ReturnType<Model['doGenerate']>>['usage'];
type StreamPart = Awaited<ReturnType<Model['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

export interface AiMiddlewareOptions {
	/**
	 * tokentab's provider id for a model, when the default reading of the AI SDK's ids is wrong:
	 * by default `openai.chat` → `openai`, `google.generative-ai` → `google`, `google.vertex…` →
	 * `vertex`, `amazon-bedrock` → `bedrock`, and a gateway's `anthropic/claude-…` → `anthropic`.
	 */
	provider?: (model: { provider: string; modelId: string }) => string;
}

/** The AI SDK's provider names (before the dot) that differ from tokentab's provider ids. */
const PROVIDERS: Record<string, string> = { 'google.vertex': 'vertex', 'amazon-bedrock': 'bedrock', 'azure-openai': 'azure' };

/** tokentab's provider and model for an AI SDK model; a gateway's `provider/model` ids are split. */
export function providerAndModel(model: { provider: string; modelId: string }, served: string | undefined): { provider: string; model: string } {
	const id = served ?? model.modelId;
	const slash = id.indexOf('/');
	if (model.provider.split('.')[0] === 'gateway' && slash > 0) return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
	const name = model.provider.startsWith('google.vertex') ? 'google.vertex' : model.provider.split('.')[0]!;
	return { provider: PROVIDERS[name] ?? name, model: id };
}

const count = (value: number | undefined): number => (value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : 0);

/** The AI SDK's usage in tokentab's buckets, which never overlap: cached input apart, reasoning apart from visible output. */
export function usageOf(usage: ModelUsage): Usage {
	const cacheRead = count(usage.inputTokens.cacheRead);
	const cacheWrite5m = count(usage.inputTokens.cacheWrite);
	const reasoning = count(usage.outputTokens.reasoning);
	const input = usage.inputTokens.noCache ?? Math.max(0, count(usage.inputTokens.total) - cacheRead - cacheWrite5m);
	const output = usage.outputTokens.text ?? Math.max(0, count(usage.outputTokens.total) - reasoning);
	const buckets: Usage = { input: count(input), cacheRead, cacheWrite5m, output: count(output), reasoning };
	return Object.fromEntries(Object.entries(buckets).filter(([, value]) => value));
}

/**
 * A `LanguageModelMiddleware` for the AI SDK's `wrapLanguageModel` that records every call, streamed
 * or not, in a tokentab session from the SDK's own usage (input, cached input, output, reasoning),
 * with the provider and the model that served it. For models whose transport the app cannot hand a
 * fetch to: a gateway's models, a custom provider. One or the other: a model whose provider was
 * given `fetch: session.fetch` is recorded by that fetch already and must not be wrapped too.
 * Recording never fails the model call; a stream cut before its `finish` part has no usage and is
 * not recorded (session.fetch estimates such calls).
 *
 * `session`: the session to record into, or a function giving it per call (a request's session).
 *
 * @example
 * const model = wrapLanguageModel({ model: gateway('openai/gpt-4o'), middleware: tokentabMiddleware(session) });
 */
export function tokentabMiddleware(session: Session | (() => Session | undefined), options: AiMiddlewareOptions = {}): LanguageModelMiddleware {
	const sessionOf = typeof session === 'function' ? session : () => session;
	const record = (model: Model, served: string | undefined, usage: ModelUsage): void => {
		const target = sessionOf();
		if (!target) return;
		const ids = providerAndModel(model, served);
		const provider = options.provider?.(model) ?? ids.provider;
		// Problems with the store or the price become the tracker's events; nothing reaches the app.
		target.record({ provider, model: ids.model, usage: usageOf(usage) }).catch(() => undefined);
	};
	return {
		specificationVersion: 'v4',
		async wrapGenerate({ doGenerate, model }) {
			const result = await doGenerate();
			record(model, result.response?.modelId, result.usage);
			return result;
		},
		async wrapStream({ doStream, model }) {
			const result = await doStream();
			let served: string | undefined;
			const observe = new TransformStream<StreamPart, StreamPart>({
				transform(part, controller) {
					if (part.type === 'response-metadata' && part.modelId) served = part.modelId;
					else if (part.type === 'finish') record(model, served, part.usage);
					controller.enqueue(part);
				},
			});
			return { ...result, stream: result.stream.pipeThrough(observe) };
		},
	};
}
