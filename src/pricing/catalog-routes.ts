import { candidateNames } from './candidate-names';
import type { CatalogTables, PriceMatch } from './catalog-table';
import { catalogProvider, PROVIDER_IDS } from './provider-ids';

/** Model vendors as OpenRouter (`x-ai/grok-4`) and Bedrock (`anthropic.claude-…`) name them → catalog providers. */
const VENDORS: Record<string, string> = { ...PROVIDER_IDS, meta: 'bedrock', amazon: 'bedrock' };

const BEDROCK_REGION = /^(?:us|eu|apac|global|jp|au|ca|in|sa|us-gov)\./;
const BEDROCK_MODEL = /^([a-z0-9-]+)\.(.+?)(?:-v\d+)?(?::\d+)?$/;
const OPENROUTER_VARIANT = /:(?:nitro|floor|exacto)$/;

/**
 * A model's catalog entry: the provider's own models, then those of the providers it serves
 * (`via`), by each candidate name; then Bedrock's and OpenRouter's routes to the model's vendor.
 */
export function catalogMatch(tables: CatalogTables, requested: string, model: string, depth = 0): PriceMatch | null {
	const provider = catalogProvider(requested);
	let name = model.trim().toLowerCase();
	if (provider === 'bedrock') name = name.slice(name.lastIndexOf('/') + 1);
	const names = candidateNames(name);
	for (const route of [provider, ...(tables.info(provider)?.via ?? [])]) {
		const match = tables.find(route, names);
		if (match) return match;
	}
	if (depth > 2) return null;
	if (provider === 'bedrock') return bedrockRoute(tables, name, depth);
	if (provider === 'openrouter') return openRouterRoute(tables, name, depth);
	return null;
}

/** Bedrock's region (`us.`, `eu.`, `global.` …) and `-v1:0` forms, then the vendor's own prices (`anthropic.claude-…` → Anthropic's). */
function bedrockRoute(tables: CatalogTables, name: string, depth: number): PriceMatch | null {
	const unregioned = name.replace(BEDROCK_REGION, '');
	if (unregioned !== name) {
		const match = tables.find('bedrock', candidateNames(unregioned));
		if (match) return match;
	}
	const vendor = BEDROCK_MODEL.exec(unregioned);
	const to = vendor && (VENDORS[vendor[1]!] ?? vendor[1]!);
	return vendor && to !== 'bedrock' ? catalogMatch(tables, to!, vendor[2]!, depth + 1) : null;
}

/** OpenRouter's variants (`:nitro` …), then `vendor/model` to the vendor's own prices. */
function openRouterRoute(tables: CatalogTables, name: string, depth: number): PriceMatch | null {
	const plain = name.replace(OPENROUTER_VARIANT, '');
	if (plain !== name) return catalogMatch(tables, 'openrouter', plain, depth + 1);
	const slash = name.indexOf('/');
	if (slash <= 0) return null;
	const vendor = name.slice(0, slash);
	return catalogMatch(tables, VENDORS[vendor] ?? vendor, name.slice(slash + 1), depth + 1);
}
