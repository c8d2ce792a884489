import type { BudgetConfig } from './types';

interface LocalDate {
	year: number;
	month: number;
	day: number;
}

/** Parts of a time in a time zone, by the web-standard Intl API (present in every runtime). */
const formats = new Map<string, Intl.DateTimeFormat>();
function lookUpParts(at: number, timeZone: string): LocalDate {
	let format = formats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
		formats.set(timeZone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
	return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

const SLOT = 900_000; // 15 minutes: zones' offsets and their changes fall on quarter hours
const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The local date at `at`, looked up once per quarter hour and zone (each budget change asks, and
 * an Intl lookup costs microseconds): a quarter hour whose first and last instants fall on one local
 * date is that date throughout; one that spans a change of date asks Intl for each instant.
 */
const lastSlot = new Map<string, { slot: number; date: LocalDate | undefined }>();
function localParts(at: number, timeZone: string): LocalDate {
	const slot = Math.floor(at / SLOT);
	let cached = lastSlot.get(timeZone);
	if (cached?.slot !== slot) {
		const first = lookUpParts(slot * SLOT, timeZone);
		cached = { slot, date: sameDate(first, lookUpParts(slot * SLOT + SLOT - 1, timeZone)) ? first : undefined };
		lastSlot.set(timeZone, cached);
	}
	return cached.date ?? lookUpParts(at, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week of a calendar date: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeek(year: number, month: number, day: number): string {
	const thursdayOf = (date: Date) => {
		date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
		return date;
	};
	const thursday = thursdayOf(new Date(Date.UTC(year, month - 1, day)));
	const weekYear = thursday.getUTCFullYear();
	const first = thursdayOf(new Date(Date.UTC(weekYear, 0, 4)));
	return `${weekYear}-W${pad(1 + Math.round((thursday.getTime() - first.getTime()) / 604_800_000))}`;
}

/** Slices a rolling window is counted in. */
export const ROLLING_SLICES = 60;

/**
 * The counters of a budget's window at `at`: the one to write, and all to read (a rolling window's
 * last 60 slices). Calendar windows are named by the local date (`2026-11-28`, `2026-W48`, `2026-11`).
 */
export function windowKeys(budget: Required<Pick<BudgetConfig, 'window' | 'timeZone'>>, at: number): { write: string; read: string[]; label: string } {
	const { window, timeZone } = budget;
	if (typeof window === 'object') {
		// Rounded up: the slices cover the whole window (a little more, never less).
		const slice = Math.ceil(window.rollingMs / ROLLING_SLICES);
		const current = Math.floor(at / slice);
		const read = Array.from({ length: ROLLING_SLICES }, (_, i) => `r${current - i}`);
		return { write: read[0]!, read, label: `last ${window.rollingMs} ms` };
	}
	if (window === 'session') return { write: 'session', read: ['session'], label: 'session' };
	const { year, month, day } = localParts(at, timeZone);
	const label = window === 'day' ? `${year}-${pad(month)}-${pad(day)}` : window === 'week' ? isoWeek(year, month, day) : `${year}-${pad(month)}`;
	return { write: label, read: [label], label };
}
