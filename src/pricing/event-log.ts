import type { PriceEvent } from './types';

/** The last events kept for trackers to read (`events(after)`): bounded, so nothing grows without end. */
const KEPT = 32;

/** A catalog source's events: told to `onEvent` as they happen, and kept for trackers to read from a number on. */
export function eventLog(onEvent: ((event: PriceEvent) => void) | undefined) {
	const log: PriceEvent[] = [];
	let emitted = 0;
	return {
		emit(event: PriceEvent): void {
			log.push(event);
			if (log.length > KEPT) log.shift();
			emitted++;
			try {
				onEvent?.(event);
			} catch {
				// A listener's failure is not ours to break on.
			}
		},
		/** The events numbered from `after` on (those still kept), and the number to ask from next. */
		events(after: number): { next: number; events: PriceEvent[] } {
			const first = emitted - log.length;
			return { next: emitted, events: after >= emitted ? [] : log.slice(Math.max(after, first) - first) };
		},
	};
}
