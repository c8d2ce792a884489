import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { TimeGroup } from './types';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A calendar period's key, and the number that orders it among its kind. */
export interface Period {
	key: string;
	order: number;
}

/** A local date's periods, computed once per local day. */
interface LocalDay {
	day: Period;
	week: Period;
	month: Period;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `+05:30`, `-03:00`, `+00:00` (with seconds only for the odd historical offset). */
function offsetText(offsetMs: number): string {
	const sign = offsetMs < 0 ? '-' : '+';
	const seconds = Math.abs(offsetMs) / 1000;
	const text = `${sign}${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}`;
	return seconds % 60 ? `${text}:${pad(seconds % 60)}` : text;
}

/** The keys of the local day `dayIndex` (days since 1970-01-01, local): ISO date, ISO week (Monday first), month. */
function localDay(dayIndex: number): LocalDay {
	const date = new Date(dayIndex * DAY);
	const year = date.getUTCFullYear();
	const month = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}`;
	// ISO 8601 weeks: Monday is day 1; a week belongs to the year of its Thursday.
	const weekday = ((((dayIndex + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
	const thursday = dayIndex - weekday + 4;
	const weekYear = new Date(thursday * DAY).getUTCFullYear();
	const january1 = new Date(0);
	january1.setUTCFullYear(weekYear, 0, 1);
	const week = Math.floor((thursday - january1.getTime() / DAY) / 7) + 1;
	// Within one kind, these keys order as strings (years 0000 to 9999); the number is unused.
	return { day: { key: `${month}-${pad(date.getUTCDate())}`, order: 0 }, week: { key: `${pad(weekYear, 4)}-W${pad(week)}`, order: 0 }, month: { key: month, order: 0 } };
}

/**
 * Per zone, its offset in each UTC hour asked (NaN for an hour in which it changes): kept across
 * reports, as a zone's offsets are facts, and a report over months asks Intl twice an hour.
 */
const zoneHours = new Map<string, Map<number, number>>();
/** Ten years of hours a zone, and 64 zones; past that a table starts again. */
const MAX_HOURS = 87_660;
const MAX_ZONES = 64;

/**
 * Calendar periods in an IANA time zone, through `Intl.DateTimeFormat` (in every runtime). The
 * zone's offset is looked up once per UTC hour (and kept), and per call only in an hour where it
 * changes, so DST changes and half-hour zones come out right at no cost per call.
 */
export function createCalendar(timeZone: string) {
	let format: Intl.DateTimeFormat | undefined;
	if (timeZone !== 'UTC') {
		try {
			format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
		} catch {
			throw new InvalidArgumentError(`timeZone must be an IANA time zone such as "Europe/Berlin", got ${JSON.stringify(timeZone)}`);
		}
	}

	/** The zone's offset from UTC at `ms`, in ms: local wall time minus UTC. */
	function offsetAt(ms: number): number {
		const parts: Record<string, number> = {};
		for (const part of format!.formatToParts(ms)) parts[part.type] = Number(part.value);
		const wall = new Date(0);
		wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day);
		wall.setUTCHours(parts.hour!, parts.minute, parts.second, 0);
		return wall.getTime() - Math.floor(ms / 1000) * 1000;
	}

	let hours = zoneHours.get(timeZone);
	if (!hours) {
		if (zoneHours.size >= MAX_ZONES) zoneHours.clear();
		zoneHours.set(timeZone, (hours = new Map<number, number>()));
	}
	function offset(ms: number): number {
		if (!format) return 0;
		const hour = Math.floor(ms / HOUR);
		let known = hours!.get(hour);
		if (known === undefined) {
			const first = offsetAt(hour * HOUR);
			known = first === offsetAt(hour * HOUR + HOUR - 1) ? first : Number.NaN;
			if (hours!.size >= MAX_HOURS) hours!.clear();
			hours!.set(hour, known);
		}
		return Number.isNaN(known) ? offsetAt(ms) : known;
	}

	const days = new Map<number, LocalDay>();

	/**
	 * The periods of `ms` for each unit asked: day, week and month keys order as strings; hours by
	 * their start. One object, filled again by each call (a report asks once per call it counts).
	 */
	const result = {} as Record<TimeGroup, Period>;
	return function periods(ms: number, units: readonly TimeGroup[]): Readonly<Record<TimeGroup, Period>> {
		const shift = offset(ms);
		const wall = ms + shift;
		const dayIndex = Math.floor(wall / DAY);
		let local = days.get(dayIndex);
		if (!local) days.set(dayIndex, (local = localDay(dayIndex)));
		for (const unit of units) {
			if (unit === 'hour') {
				const intoDay = wall - dayIndex * DAY;
				const hour = Math.floor(intoDay / HOUR);
				// The hour's start as an instant: fall-back hours that repeat (02:00+02:00, 02:00+01:00) keep their order.
				result.hour = { key: `${local.day.key}T${pad(hour)}:00${offsetText(shift)}`, order: ms - (intoDay - hour * HOUR) };
			} else {
				result[unit] = local[unit];
			}
		}
		return result;
	};
}

export type Calendar = ReturnType<typeof createCalendar>;
