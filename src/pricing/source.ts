import type { CatalogSource } from './types';

/** A catalog that may change while the tracker runs (`loadPrices`, the bundled prices in parts). */
export const isSource = (catalog: object): catalog is CatalogSource => typeof (catalog as CatalogSource).current === 'function';
