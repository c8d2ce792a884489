// tokentab/pricer: prices calls without a tracker (a price shown before a call, a bill checked by hand),
// and the catalog's tools: decode and combine providers' prices as shipped, check price data whole.
// An entry of its own: the tracker loads the same engine on the first call it prices, so an app that
// imports only the tracker does not carry it up front.
export { createPricer } from './pricing/pricer';
export { combineCatalogs, decodeCatalog } from './pricing/format';
export { validateCatalog } from './pricing/validate';
export { validateCustomPrices } from './pricing/custom-prices';
export type { PriceOutcome, PriceRequest, Pricer, PricerOptions } from './pricing/pricer';
