import { type EstimateTarget, inputTokenBound, inputTokenEstimate, requestedChoices, requestedMaxOutput } from '../estimate/estimate';
import { requestParts } from '../estimate/request-parts';
import { compare, type Fixed, fixed } from '../model/fixed';
import type { TokenBucket, Usage } from '../model/usage';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { PriceOutcome, PriceRequest } from '../pricing/pricer';
import type { Amounts } from './reserve';
import type { CountTokens, ReservationOptions } from './types';

export interface OutgoingRequest {
	provider: string;
	model: string | undefined;
	/** The parsed request body (`undefined` when it is not JSON). */
	request: Record<string, unknown> | undefined;
	serviceTier?: string;
	at: number;
}

export interface ReservationDeps extends ReservationOptions {
	price: (request: PriceRequest) => PriceOutcome;
	/** The output assumed at most when a request sets no limit. */
	maxOutputTokens: number;
	/** Whether a budget reserves the typical amount: only then is the request's text read for it. */
	typical: boolean;
}

/** The app's own `countTokens` for the request; `undefined` (reported to `onError`) when it failed or gave no count. */
export async function exactCount(count: CountTokens, target: OutgoingRequest, onError: (error: unknown) => void): Promise<number | undefined> {
	try {
		const tokens = await count({ provider: target.provider, model: target.model, body: target.request });
		if (Number.isSafeInteger(tokens) && tokens >= 0) return tokens;
		onError(new InvalidArgumentError(`countTokens returned ${typeof tokens === 'number' ? tokens : typeof tokens}, not a token count`));
	} catch (error) {
		onError(error);
	}
	return undefined;
}

/**
 * The dearest way `input` and `output` tokens can be billed: each input token at the highest of
 * the input prices the request can meet (plain, a cache write it asks for, image or audio input
 * where priced apart), each output token at the highest of the output prices. A sum of count ×
 * price over buckets is never above that. Buckets without a price are skipped: a call that
 * meets one is unpriced, and its reservation then stands as its cost.
 */
function dearest(price: ReservationDeps['price'], target: OutgoingRequest, inputs: TokenBucket[], outputs: TokenBucket[], input: number, output: number): string | undefined {
	let most: Fixed | undefined;
	let cost: string | undefined;
	for (const inBucket of inputs) {
		for (const outBucket of outputs) {
			const usage: Usage = { [inBucket]: input };
			usage[outBucket] = (usage[outBucket] ?? 0) + output;
			const priced = price({ provider: target.provider, model: target.model, usage, at: target.at, ...(target.serviceTier ? { serviceTier: target.serviceTier } : {}) }).cost;
			// The plain buckets must have a price: without one the model is unpriced.
			if (priced === undefined && inBucket === 'input' && outBucket === 'output') return undefined;
			if (priced === undefined) continue;
			const amount = fixed(priced);
			if (!most || compare(most, amount) < 0) [most, cost] = [amount, priced];
		}
	}
	return cost;
}

/**
 * What a call reserves before it is sent: `bound`, the most the provider can bill for the
 * request; `typical` (when `deps.typical`), the script-aware estimate of its prompt. Both take the
 * output at the request's limit (× its choices), or `maxOutputTokens` when it sets none; an `exact`
 * count (the app's `countTokens`, see exactCount) replaces both inputs.
 */
export function createReservation(deps: ReservationDeps) {
	return (target: OutgoingRequest, exact?: number): Amounts => {
		const parts = requestParts(target.request, deps.typical && exact === undefined);
		const estimateTarget: EstimateTarget = { provider: target.provider, model: target.model, ...(deps.unsizedInputTokens ? { unsizedInputTokens: deps.unsizedInputTokens } : {}) };
		const bound = exact ?? inputTokenBound(parts, estimateTarget);
		const output = (requestedMaxOutput(target.request) ?? deps.maxOutputTokens) * requestedChoices(target.request);
		const inputs = new Set<TokenBucket>(['input']);
		if (parts.cacheWrite) inputs.add(parts.cacheWrite === '1h' ? 'cacheWrite1h' : 'cacheWrite5m');
		if (parts.images) inputs.add('inputImage');
		if (parts.unsized.length) for (const bucket of ['inputAudio', 'inputVideo', 'inputImage'] as const) inputs.add(bucket);
		const modalities = target.request?.modalities ?? target.request?.responseModalities ?? (target.request?.generationConfig as Record<string, unknown> | undefined)?.responseModalities;
		const outputs: TokenBucket[] = ['output', 'reasoning'];
		if (Array.isArray(modalities) && modalities.some((m) => /audio/i.test(String(m)))) outputs.push('outputAudio');
		if (Array.isArray(modalities) && modalities.some((m) => /image/i.test(String(m)))) outputs.push('outputImage');
		return {
			bound: dearest(deps.price, target, [...inputs], outputs, bound, output),
			typical: deps.typical ? dearest(deps.price, target, ['input'], ['output'], exact ?? inputTokenEstimate(parts, estimateTarget), output) : undefined,
		};
	};
}

export type Reserve = ReturnType<typeof createReservation>;
