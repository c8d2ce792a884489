import type { Holds } from '../budgets/budgets';
import type { Reserve } from '../budgets/reservation';
import type { OutgoingCall } from '../observe/fetch';
import { loadPricesFor, priceLoaded } from '../pricing/when-loaded';
import { peekString } from '../providers/peek';
import { gatewayModel } from '../providers/route';
import { reportError, type SessionState, type TrackerContext } from './context';
import { spenderOf } from './recording';
import { parseRequest, requestedTier } from './request';

const utf8 = new TextEncoder();

/** The provider and model a request goes to, a router's model read as the provider it names. */
function target(call: OutgoingCall, model: string | undefined): { provider: string; model: string | undefined } {
	const provider = call.route.provider;
	return (model !== undefined ? gatewayModel(provider, model) : undefined) ?? { provider, model };
}

/** What a call reserves under enforced budgets before it leaves: `reserve`, or `bound` when the body cannot be estimated. */
export interface Reservations {
	reserve(state: SessionState, call: OutgoingCall): Promise<Holds>;
	bound(state: SessionState, call: OutgoingCall): Promise<Holds>;
}

/** Reserves under enforced budgets before a request leaves: `reserve`, or `bound` when the body cannot be estimated. */
export function reservations(context: TrackerContext): Reservations {
	const { now, options } = context;
	const maxOutputTokens = options.maxOutputTokens ?? 8192;
	/** Loaded on first use, as reports are: an app without an enforced budget never loads the bound. */
	let reservation: Promise<Reserve> | undefined;
	/** The pricer, with the model's prices in: at once when both are (no wait before the request leaves). */
	const pricesFor = async (provider: string, model: string | undefined, at: number) => {
		const price = context.pricer.value ?? (await context.pricer());
		const request = { provider, model, usage: {}, at };
		if (!priceLoaded(price, request)) await loadPricesFor(price, [request]);
		return price;
	};

	return {
		/**
		 * What each budget's `reserve` mode takes (the bound of the bill, or the typical prompt; output
		 * at the request's limit or `maxOutputTokens`) at the catalog's prices, reserved. See
		 * src/budgets/reservation.ts.
		 */
		async reserve(state: SessionState, call: OutgoingCall): Promise<Holds> {
			const budgets = await context.budgets;
			const spender = spenderOf(state);
			if (!budgets?.enforces(spender)) return [];
			// Calls whose responses have ended settle first, so a call made right after another sees its cost:
			// their recordings run now rather than in a later task (the app is waiting on this one).
			for (const run of context.waiting) run();
			while (context.recording.size) await Promise.all(context.recording);
			const request = parseRequest(await call.requestBody);
			const { provider, model } = target(call, call.route.model ?? (typeof request?.model === 'string' ? request.model : undefined));
			const at = now();
			const tier = requestedTier(request);
			// The reservation prices synchronously: the parts of a catalog that arrives in parts come first.
			const price = await pricesFor(provider, model, at);
			reservation ??= import('../budgets/reservation').then(({ createReservation }) => createReservation({ ...options, price, maxOutputTokens }));
			const amounts = await (await reservation)({ provider, model, request, at, ...(tier ? { serviceTier: tier } : {}) }, reportError(context, state.meta.id));
			return budgets.reserve(spender, call.id, amounts, at);
		},

		/**
		 * The reservation when the body cannot be estimated: its UTF-8 bytes as input tokens (a token
		 * covers a byte at least), output at `maxOutputTokens`, at the prices of the model it names.
		 */
		async bound(state: SessionState, call: OutgoingCall): Promise<Holds> {
			const budgets = await context.budgets;
			if (!budgets) return [];
			const body = (await call.requestBody) ?? '';
			const { provider, model } = target(call, call.route.model ?? peekString(body, 'model'));
			const at = now();
			const price = await pricesFor(provider, model, at);
			const worst = price({ provider, model, usage: { input: utf8.encode(body).byteLength, output: maxOutputTokens }, at });
			return budgets.reserve(spenderOf(state), call.id, { bound: worst.cost, typical: worst.cost }, at);
		},
	};
}
