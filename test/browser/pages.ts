import type * as Tokentab from '../../src/index';
import type * as Idb from '../../src/stores/idb';

/** A same-origin frame: its own realm, its own module instances, its own IndexedDB connections, as a second tab would have. */
export interface Page {
	window: Window & typeof globalThis;
	tokentab: typeof Tokentab;
	idb: typeof Idb;
	/** Removes the frame: its document goes, and its IndexedDB connections with it (a tab closed or reloaded). */
	close(): void;
}

/** Opens a page; `prepare` runs in its fresh realm before any module loads (to take IndexedDB away, for instance). */
export async function openPage(prepare?: (window: Window & typeof globalThis) => void): Promise<Page> {
	const frame = document.createElement('iframe');
	document.body.append(frame);
	const window = frame.contentWindow as Window & typeof globalThis;
	prepare?.(window);
	// vitest rewrites a module's `import()` to go through its runner, which a frame's realm lacks: the
	// same pass-through vitest gives workers (tokentab's lazy parts, its per-provider prices, load so).
	Object.assign(window, { __vitest_browser_runner__: { wrapDynamicImport: (load: (specifier?: string) => unknown, specifier?: string) => load(specifier) } });
	// `import()` evaluated in the frame's realm loads fresh copies of the modules there, from vitest's server.
	const load = (path: string) => (window as unknown as { eval(code: string): Promise<unknown> }).eval(`import(${JSON.stringify(path)})`);
	const [tokentab, idb] = (await Promise.all([load('/src/index.ts'), load('/src/stores/idb.ts')])) as [typeof Tokentab, typeof Idb];
	return { window, tokentab, idb, close: () => frame.remove() };
}

/** The messages a sandboxed frame posts until it posts one with `done`. */
export function runSandboxed(script: string): Promise<Record<string, unknown>> {
	return new Promise((resolve) => {
		const frame = document.createElement('iframe');
		// allow-scripts without allow-same-origin: an opaque origin, where the browser refuses IndexedDB for real.
		frame.setAttribute('sandbox', 'allow-scripts');
		frame.srcdoc = `<script type="module">${script.replaceAll('</script', '<\\/script')}</script>`;
		const listen = (event: MessageEvent) => {
			if (event.source !== frame.contentWindow) return;
			window.removeEventListener('message', listen);
			frame.remove();
			resolve(event.data as Record<string, unknown>);
		};
		window.addEventListener('message', listen);
		document.body.append(frame);
	});
}
