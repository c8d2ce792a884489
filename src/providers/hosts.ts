/**
 * Who a host (and path) belongs to, from plain URL rules: `api.cerebras.ai` (that host),
 * `.openai.azure.com` (any host under it), `router.huggingface.co/together` (that host, under that
 * path). The catalog carries each provider's rules; the most specific rule wins: a host over a
 * suffix, a longer suffix over a shorter one, a longer path over a shorter one. Matching is a few
 * Map reads per call (one per label of the host), never a regular expression.
 */
export interface HostTable {
	exact: Map<string, [path: string, provider: string][]>;
	suffix: Map<string, [path: string, provider: string][]>;
}

/** Provider id → its URL rules. */
export type UrlRules = Readonly<Record<string, readonly string[]>>;

function add(table: HostTable, rule: string, provider: string): void {
	const slash = rule.indexOf('/');
	const host = slash === -1 ? rule : rule.slice(0, slash);
	const path = slash === -1 ? '' : rule.slice(slash);
	const map = host[0] === '.' ? table.suffix : table.exact;
	const key = host[0] === '.' ? host.slice(1) : host;
	let rules = map.get(key);
	if (!rules) map.set(key, (rules = []));
	const same = rules.findIndex(([p]) => p === path);
	if (same !== -1) rules.splice(same, 1);
	rules.push([path, provider]);
	// The longest path is tried first.
	rules.sort((a, b) => b[0].length - a[0].length);
}

/** A table over several sets of rules; a later set wins over an earlier one for the very same rule. */
export function hostTable(...sets: (UrlRules | undefined)[]): HostTable {
	const table: HostTable = { exact: new Map(), suffix: new Map() };
	for (const rules of sets) for (const [provider, list] of Object.entries(rules ?? {})) for (const rule of list) add(table, rule, provider);
	return table;
}

function underPath(rules: [string, string][] | undefined, path: string): string | undefined {
	for (const [prefix, provider] of rules ?? []) {
		if (!prefix || path === prefix || (path.startsWith(prefix) && path[prefix.length] === '/')) return provider;
	}
	return undefined;
}

/** The provider whose rule matches `host` and `path` most specifically, if any. */
export function hostOwner(table: HostTable, host: string, path: string): string | undefined {
	const exact = underPath(table.exact.get(host), path);
	if (exact) return exact;
	for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
		const found = underPath(table.suffix.get(host.slice(dot + 1)), path);
		if (found) return found;
	}
	return undefined;
}

/**
 * Loopback and private addresses: the app's own machine or network (a local proxy, a model server
 * on the LAN, an SDK's test server), which forwards to the API its path names and has no price
 * list of its own; so are the names reserved for that (`localhost`, `.local`, `.internal`, and
 * RFC 6761's `.test`, `.example`, `.invalid`), which no public service can have. A public host is
 * somebody's service, with its own prices.
 */
const RESERVED = ['.test', '.example', '.invalid'];

export function isLocalHost(hostname: string): boolean {
	const host = hostname.startsWith('[') ? hostname.slice(1, -1).toLowerCase() : hostname.toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || RESERVED.some((tld) => host.endsWith(tld))) return true;
	if (host.includes(':')) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80:') || host.startsWith('::ffff:127.') || host.startsWith('::ffff:7f');
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return false;
	const [a, b] = parts.map(Number) as [number, number];
	return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0;
}
