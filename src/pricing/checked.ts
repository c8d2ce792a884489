import type { Catalog } from './types';

/** Catalogs known to be good: each validated once, and the bundled one (validated when it is built, and in CI). */
export const checkedCatalogs = new WeakSet<Catalog>();
