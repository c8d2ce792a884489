// The names the docs' code blocks use without defining them: what the app around a snippet already
// has (its key, its messages, its UI, a tracker and a session made in an earlier block).
// scripts/check-doc-snippets.mjs compiles every block with these declared; a block that defines
// one of them itself (`const tracker = createTracker()`) shadows it.
import type OpenAI from 'openai';
import type { Session, Tracker } from 'tokentab';

declare global {
	const apiKey: string;
	const headers: Record<string, string>;
	const messages: { role: 'user' | 'assistant'; content: string }[];
	const openai: OpenAI;
	const tracker: Tracker;
	const otherTracker: Tracker;
	const session: Session;
	/** A session id the app kept (in localStorage, a URL, a cookie). */
	const id: string;
	const savedId: string;
	function render(event: unknown): void;
	function showCost(cost: string | undefined): void;
	function notify(text: string): void;
	function showLimitReached(...amounts: unknown[]): void;
}
