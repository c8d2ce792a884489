import { anthropic } from './data/anthropic';
import { google } from './data/google';
import { openai } from './data/openai';
import type { Catalog } from './types';

/** The catalog bundled with this version: hand-checked against each provider's pricing page (see each entry's `source`). */
export const bundledCatalog: Catalog = {
	version: '2026-11-28',
	models: { openai, anthropic, google },
};
