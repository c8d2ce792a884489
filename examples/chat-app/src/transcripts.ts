// The chat text, which tokentab never stores (it keeps usage and costs only): one localStorage
// entry per session, so a reload shows the conversation beside its costs.

export interface Message {
	role: 'user' | 'assistant' | 'notice';
	content: string;
	/** `streaming` while the reply arrives; `stopped` for a message a budget kept from being sent. */
	status: 'streaming' | 'done' | 'error' | 'stopped';
	/** The call's exact cost in USD (a decimal string), once recorded; absent when unpriced. */
	cost?: string;
	/** Set once the call is recorded: false when the model has no price. */
	priced?: boolean;
	/** How the call's usage was known: `reported` by the API, or `estimated` by tokentab. */
	usageSource?: string;
	/** The live estimate while streaming (USD, decimal string). */
	estimate?: string;
	/** How many times the live meter moved while the reply streamed. */
	liveUpdates?: number;
	model?: string;
	tokens?: { input: number; output: number };
}

export interface Transcript {
	title: string;
	messages: Message[];
}

const key = (sessionId: string) => `tokentab-chat:chat:${sessionId}`;

export function loadTranscript(sessionId: string): Transcript {
	try {
		const saved = JSON.parse(localStorage.getItem(key(sessionId)) ?? 'null') as Transcript | null;
		if (saved && Array.isArray(saved.messages)) return saved;
	} catch {
		// Unreadable: an empty chat.
	}
	return { title: '', messages: [] };
}

export function saveTranscript(sessionId: string, transcript: Transcript): void {
	// A reply still streaming is saved as it stands; it is finished (or failed) by the time it matters.
	localStorage.setItem(key(sessionId), JSON.stringify(transcript));
}

const CURRENT = 'tokentab-chat:current';
export const currentSessionId = () => localStorage.getItem(CURRENT) ?? undefined;
export const setCurrentSessionId = (id: string) => localStorage.setItem(CURRENT, id);
