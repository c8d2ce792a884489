import type { UrlRules } from '../providers/hosts';
import { type ProviderRegistration, type Route, routeOf } from '../providers/route';

/** Where a request goes: its host, and how to read its response when it is an LLM call. */
export interface Target {
	host: string;
	route: Route | undefined;
}

/** Endpoints remembered at most; an app calls a handful, so the table simply starts over when full. */
const REMEMBERED = 256;

/** An absolute URL (`https:`, `http:` …): what it names does not depend on the page it is called from. */
const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

/**
 * Routes requests by URL, each endpoint parsed and matched once: an app calls the same few
 * endpoints again and again. Endpoints are remembered without their query (which may carry an API
 * key), and only absolute ones (a relative URL resolves against the page, which can change). The
 * table starts over when the catalog's URL rules change (a catalog loaded).
 */
export function targets(providers: readonly ProviderRegistration[] | undefined, urls: () => UrlRules | undefined): (input: RequestInfo | URL) => Target {
	const known = new Map<string, Target>();
	let knownRules: UrlRules | undefined;
	return (input) => {
		const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const rules = urls();
		if (rules !== knownRules || known.size >= REMEMBERED) {
			known.clear();
			knownRules = rules;
		}
		const end = href.search(/[?#]/);
		const endpoint = end === -1 ? href : href.slice(0, end);
		const seen = known.get(endpoint);
		if (seen) return seen;
		const url = new URL(href, (globalThis as { location?: { href: string } }).location?.href);
		const target = { host: url.host, route: routeOf(url, providers, rules) };
		if (ABSOLUTE.test(href)) known.set(endpoint, target);
		return target;
	};
}
