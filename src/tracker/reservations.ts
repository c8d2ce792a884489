import type { Budgets } from '../budgets/budgets';
import type { Holds } from '../budgets/reserve';
import type { createReservation, OutgoingRequest } from '../budgets/reservation';
import type { OutgoingCall } from '../observe/fetch';
import type { Pricer } from '../pricing/pricer';
import { loadPricesFor, priceLoaded } from '../pricing/when-loaded';
import { peekString } from '../providers/peek';
import { gatewayModel } from '../providers/route';
import { reportError, type SessionState, type TrackerContext } from './context';
import { spenderOf } from './recording';
import { guardReservation } from './reservation-guard';
import { parseRequest, requestedTier } from './request';

const utf8 = new TextEncoder();

/** The provider and model a request goes to, a router's model read as the provider it names. */
function target(call: OutgoingCall, model: string | undefined): { provider: string; model: string | undefined } {
	const provider = call.route.provider;
	return (model !== undefined ? gatewayModel(provider, model) : undefined) ?? { provider, model };
}

/** Reserves a call under the enforced budgets it falls under before it leaves, or refuses it (a BudgetExceededError). */
export type ReserveCall = (state: SessionState, call: OutgoingCall) => Holds | Promise<Holds>;

/**
 * Reserves under enforced budgets before a request leaves. Once the budgets, the estimate's code
 * and the model's prices are in, a call held at its bound on a memory store reserves in the turn it
 * is sent: no promise, no wait for calls before it. A body that cannot be estimated reserves the
 * bound of its size (see guardReservation).
 */
export function reservations(context: TrackerContext): ReserveCall {
	const { now, options } = context;
	const maxOutputTokens = options.maxOutputTokens ?? 8192;
	// Loaded with the first call reserved, then read in the turn of each call.
	let budgets: Budgets | undefined;
	let price: Pricer | undefined;
	let amounts: ReturnType<typeof createReservation> | undefined;

	/**
	 * Lets calls whose responses have ended settle now, so a call made right after another sees its
	 * cost: their recordings run at once rather than in a later task (the app is waiting on this
	 * call). Says whether there was any to wait for.
	 */
	const settled = async (): Promise<boolean> => {
		const any = context.waiting.size + context.recording.size > 0;
		for (const run of context.waiting) run();
		while (context.recording.size) await Promise.all(context.recording);
		return any;
	};

	/** What the request asks for, as the reservation prices it. */
	function outgoing(call: OutgoingCall, body: string | undefined, at: number): OutgoingRequest {
		const request = parseRequest(body);
		const tier = requestedTier(request);
		const { provider, model } = target(call, call.route.model ?? (typeof request?.model === 'string' ? request.model : undefined));
		return { provider, model, request, at, ...(tier ? { serviceTier: tier } : {}) };
	}
	const loaded = (price: Pricer, { provider, model, at }: OutgoingRequest) => priceLoaded(price, { provider, model, usage: {}, at }) !== undefined;

	/**
	 * Each budget's `reserve` mode's amount (the bound of the bill, or the typical prompt; output at
	 * the request's limit or `maxOutputTokens`) at the catalog's prices, reserved. See
	 * src/budgets/reservation.ts. In this turn when all it needs is in and nothing must settle first.
	 */
	function reserve(state: SessionState, call: OutgoingCall): Holds | Promise<Holds> {
		const body = call.requestBody;
		const spender = spenderOf(state);
		const at = now();
		if (!budgets || !price || !amounts || body instanceof Promise || options.countTokens || !budgets.holdsStand(spender, at)) return reserveLater(state, call);
		if (!budgets.enforces(spender)) return [];
		const request = outgoing(call, body, at);
		if (!loaded(price, request)) return reserveLater(state, call);
		// A hold at the bound is never below the call's cost: ended calls' holds may stand until they would refuse this one.
		return budgets.reserve(spender, call.id, amounts(request), request.at, settled);
	}

	/** The reservation once its code and prices are loaded, after the calls that ended settle where a hold may be below a cost. */
	async function reserveLater(state: SessionState, call: OutgoingCall): Promise<Holds> {
		const known = (budgets ??= await context.budgets);
		const spender = spenderOf(state);
		if (!known?.enforces(spender)) return [];
		const pricer = (price ??= context.pricer.value ?? (await context.pricer()));
		amounts ??= (await import('../budgets/reservation')).createReservation({ ...options, price: pricer, maxOutputTokens, typical: known.typical });
		const estimate = amounts;
		if (options.countTokens || !known.holdsStand(spender, now())) await settled();
		const request = outgoing(call, await call.requestBody, now());
		// The reservation prices synchronously: the parts of a catalog that arrives in parts come first.
		if (!loaded(pricer, request)) await loadPricesFor(pricer, [{ ...request, usage: {} }]);
		const { countTokens } = options;
		const exact = countTokens ? await (await import('../budgets/reservation')).exactCount(countTokens, request, reportError(context, state.meta.id)) : undefined;
		return known.reserve(spender, call.id, estimate(request, exact), request.at, settled);
	}

	/**
	 * The reservation when the body cannot be estimated: its UTF-8 bytes as input tokens (a token
	 * covers a byte at least), output at `maxOutputTokens`, at the prices of the model it names.
	 */
	async function bound(state: SessionState, call: OutgoingCall): Promise<Holds> {
		const budgets = await context.budgets;
		if (!budgets) return [];
		const body = (await call.requestBody) ?? '';
		const { provider, model } = target(call, call.route.model ?? peekString(body, 'model'));
		const at = now();
		const price = context.pricer.value ?? (await context.pricer());
		const request = { provider, model, usage: {}, at };
		if (!priceLoaded(price, request)) await loadPricesFor(price, [request]);
		const worst = price({ provider, model, usage: { input: utf8.encode(body).byteLength, output: maxOutputTokens }, at });
		return budgets.reserve(spenderOf(state), call.id, { bound: worst.cost, typical: worst.cost }, at, settled);
	}

	return guardReservation(reserve, bound, [], (error, state) => reportError(context, state.meta.id)(error));
}
