import ky from 'ky';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { catalogText } from './catalog-text';
import { decodeCatalog } from './format';
import type { Catalog } from './types';
import { validateCatalog } from './validate';

/** The validators of the response a catalog came in, sent back on the next refresh: an unchanged file answers 304. */
export interface Validators {
	etag?: string;
	lastModified?: string;
}

/** What one fetch of a catalog came to. */
export type FetchOutcome =
	| { kind: 'fetched'; catalog: Catalog; json: unknown; validators: Validators }
	| { kind: 'not-modified' }
	| { kind: 'refused'; reason: string }
	| { kind: 'unavailable'; error: unknown };

export interface FetchCatalogOptions {
	timeout: number;
	retry: number;
	fetch?: typeof fetch;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A catalog from its compact JSON, validated whole: throws `InvalidArgumentError` for a bad one. */
export function parseCatalog(json: unknown): Catalog {
	const catalog = decodeCatalog(json);
	validateCatalog(catalog);
	return catalog;
}

function validatorsOf(response: Response): Validators {
	const etag = response.headers.get('etag');
	const lastModified = response.headers.get('last-modified');
	return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/**
 * Fetches a catalog through ky (timeout, retries), asking with `held`'s validators when a catalog
 * is in use: a 304 means "what you have", so it is only asked for the catalog we have. Never throws.
 */
export async function fetchCatalog(url: string, options: FetchCatalogOptions, held: Validators | undefined): Promise<FetchOutcome> {
	let text: string;
	let validators: Validators;
	try {
		const headers: Record<string, string> = {};
		if (held?.etag) headers['if-none-match'] = held.etag;
		if (held?.lastModified) headers['if-modified-since'] = held.lastModified;
		const response = await ky.get(url, {
			timeout: options.timeout,
			retry: options.retry,
			headers,
			throwHttpErrors: (status) => status !== 304,
			...(options.fetch ? { fetch: options.fetch } : {}),
		});
		if (response.status === 304 && held) return { kind: 'not-modified' };
		validators = validatorsOf(response);
		text = await catalogText(response);
	} catch (error) {
		// Too large is an answer refused, not a network that failed.
		return error instanceof InvalidArgumentError ? { kind: 'refused', reason: error.message } : { kind: 'unavailable', error };
	}
	// An answer that is not a catalog (an HTML sign-in page, a wrong path) is refused, not unavailable.
	try {
		const json: unknown = JSON.parse(text);
		return { kind: 'fetched', catalog: parseCatalog(json), json, validators };
	} catch (error) {
		return { kind: 'refused', reason: errorMessage(error) };
	}
}
