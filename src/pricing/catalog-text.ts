import { InvalidArgumentError } from '../errors/InvalidArgumentError';

/**
 * The largest catalog `loadPrices` reads: 5 MB of JSON (5,242,880 bytes). The bundled catalog is
 * about a tenth of that; a bigger answer is refused before it is parsed, and its body is not read
 * past the cap.
 */
export const MAX_CATALOG_BYTES = 5 * 1024 * 1024;

const tooLarge = (what: string) => new InvalidArgumentError(`catalog is ${what}: more than the ${MAX_CATALOG_BYTES} bytes a catalog may have`);

/**
 * A fetched catalog's text, refused (`InvalidArgumentError`) when its `Content-Length` or the
 * bytes read pass `MAX_CATALOG_BYTES`: the reading stops at the cap.
 */
export async function catalogText(response: Response, max = MAX_CATALOG_BYTES): Promise<string> {
	const declared = Number(response.headers.get('content-length'));
	if (declared > max) {
		await response.body?.cancel().catch(() => undefined);
		throw tooLarge(`${declared} bytes long (Content-Length)`);
	}
	if (!response.body) return '';
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let bytes = 0;
	let text = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.byteLength;
		if (bytes > max) {
			await reader.cancel().catch(() => undefined);
			throw tooLarge('longer than that');
		}
		text += decoder.decode(value, { stream: true });
	}
	return text + decoder.decode();
}
