import { reportedAmount } from './amount';
import type { WireFormat } from './types';

/**
 * Response headers in which a gateway reports the call's cost in USD. LiteLLM's proxy sends
 * `x-litellm-response-cost` (https://docs.litellm.ai/docs/proxy/response_headers), for JSON
 * responses: a stream's headers leave before its tokens, so they cannot carry its cost. LiteLLM
 * writes 0 for a model it has no price for, so 0 is not taken as a known $0.
 */
const COST_HEADERS = ['x-litellm-response-cost'];

/** The cost a gateway put in the response headers, as a decimal string. */
export function headerCost(headers: Headers): string | undefined {
	for (const name of COST_HEADERS) {
		const value = headers.get(name);
		const amount = value === null || value.trim() === '' ? undefined : reportedAmount(Number(value));
		if (amount !== undefined && amount !== '0') return amount;
	}
	return undefined;
}

const wrapped = new WeakMap<WireFormat, WireFormat>();

/** The format, reading a gateway's cost header beside the JSON body (the body's own reported cost wins). */
export function withGatewayCost(format: WireFormat): WireFormat {
	let found = wrapped.get(format);
	if (!found) {
		found = {
			...format,
			readBody(body, context) {
				const reading = format.readBody(body, context);
				if (reading.reportedCost === undefined) {
					const cost = headerCost(context.headers);
					if (cost !== undefined) reading.reportedCost = cost;
				}
				return reading;
			},
		};
		wrapped.set(format, found);
	}
	return found;
}
