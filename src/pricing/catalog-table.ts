import type { CompiledModel } from './periods';
import { type RuleTest, ruleTest } from './pattern';
import type { Catalog, ModelPrice, ProviderInfo, ServiceTiers } from './types';

export interface PriceMatch {
	/** `provider/model` of the entry that priced the call, or the custom prices key. */
	key: string;
	price: ModelPrice;
	custom: boolean;
	/** The catalog provider whose entry priced the call (`openai` for a call to Azure). */
	provider?: string;
	/** That provider's service tier prices. */
	service?: ServiceTiers;
	/** Filled in by the pricer on first use: the entry's periods, ready to search. */
	compiled?: CompiledModel;
}

interface Table {
	exact: Map<string, string>;
	rules: [RuleTest, string][];
}

/** One provider's models as lookup tables: exact names (ids and `=` names), then rules in catalog order. */
function compileTable(models: Record<string, ModelPrice>): Table {
	const exact = new Map<string, string>();
	const rules: [RuleTest, string][] = [];
	for (const [id, model] of Object.entries(models)) {
		const lower = id.toLowerCase();
		if (!exact.has(lower)) exact.set(lower, id);
		const other: (string | string[])[] = [];
		for (const rule of model.match ?? []) {
			if (typeof rule === 'string' && rule[0] === '=') {
				const name = rule.slice(1).toLowerCase();
				if (!exact.has(name)) exact.set(name, id);
			} else other.push(rule);
		}
		if (other.length) {
			const tests = other.map(ruleTest);
			rules.push([(name) => tests.some((test) => test(name)), id]);
		}
	}
	return { exact, rules };
}

/** A catalog's providers as tables compiled on first use: `find` a provider's entry by the first of `names` it holds. */
export function catalogTables(catalog: Catalog) {
	const tables = new Map<string, Table | null>();

	function table(provider: string): Table | null {
		let found = tables.get(provider);
		if (found === undefined) {
			const models = Object.hasOwn(catalog.models, provider) ? catalog.models[provider] : undefined;
			tables.set(provider, (found = models ? compileTable(models) : null));
		}
		return found;
	}

	const info = (provider: string): ProviderInfo | undefined => (catalog.providers && Object.hasOwn(catalog.providers, provider) ? catalog.providers[provider] : undefined);

	function find(provider: string, names: string[]): PriceMatch | null {
		const models = table(provider);
		if (!models) return null;
		for (const name of names) {
			let id = models.exact.get(name);
			if (id === undefined)
				for (const [test, rule] of models.rules)
					if (test(name)) {
						id = rule;
						break;
					}
			if (id !== undefined) {
				const service = info(provider)?.service;
				return { key: `${provider}/${id}`, price: catalog.models[provider]![id]!, custom: false, provider, ...(service ? { service } : {}) };
			}
		}
		return null;
	}

	return { find, info };
}

export type CatalogTables = ReturnType<typeof catalogTables>;
