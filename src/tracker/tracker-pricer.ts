import { createPricer, type Pricer } from '../pricing/pricer';
import type { Catalog } from '../pricing/types';
import type { EventListener } from './events';
import type { TrackerOptions } from './options';

/** `tokentab/core` without a catalog: custom prices still apply; every other call is unpriced. */
const NO_CATALOG: Catalog = { version: 'none', models: {} };

/** The pricer of a tracker's options. A module of its own: the tracker loads it on first use (./pricer.ts). */
export const trackerPricer = (options: TrackerOptions, emit: EventListener): Pricer => createPricer(options.catalog ?? NO_CATALOG, { prices: options.prices, aliases: options.aliases, onEvent: emit });
