// tokentab/remote: a price catalog fetched at run time through ky, validated, cached and kept fresh.
export { loadPrices, PRICES_URL, pricesURL } from './pricing/remote';
export type { LoadPricesOptions, PriceFeed } from './pricing/remote';
