// tokentab/prices: the whole bundled catalog, in tokentab's compact JSON and decoded. Per provider:
// `tokentab/prices/openai`, `tokentab/prices/anthropic` … (combine them with `combineCatalogs`).
export { catalogJSON, source, version } from './pricing/data/index';
export { bundledCatalog as catalog, lazyCatalog } from './pricing/catalog';
export { combineCatalogs, decodeCatalog } from './pricing/format';
