// A bar chart of spend per day, drawn as SVG: seven bars need no charting library.
import type { DaySpend } from './report';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 280;
const HEIGHT = 120;
const TOP = 16; // room for the value above the tallest bar
const BOTTOM = 18; // room for the day labels

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
	const element = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
	if (text !== undefined) element.textContent = text;
	return element;
}

/** Short money for a label: 2 significant digits, never an exponent (`$0.00012`). */
export function shortMoney(cost: { toNumber(): number; toFixed(): string }): string {
	const value = cost.toNumber();
	if (value === 0) return '$0';
	if (value >= 1) return `$${value.toFixed(2)}`;
	const digits = Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(value))));
	return `$${value.toFixed(digits).replace(/0+$/, '')}`;
}

export function spendChart(days: DaySpend[], today: string): SVGSVGElement {
	const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'chart', 'data-testid': 'chart' });
	const max = Math.max(...days.map((entry) => entry.cost.toNumber()), 0);
	const slot = WIDTH / days.length;
	const barWidth = slot * 0.6;
	chart.append(svg('title', {}, 'Spend per day'));
	chart.append(svg('line', { x1: 0, x2: WIDTH, y1: HEIGHT - BOTTOM + 0.5, y2: HEIGHT - BOTTOM + 0.5, class: 'axis' }));
	days.forEach((entry, i) => {
		const cost = entry.cost.toNumber();
		const height = max > 0 ? Math.max(cost > 0 ? 2 : 0, ((HEIGHT - TOP - BOTTOM) * cost) / max) : 0;
		const x = i * slot + (slot - barWidth) / 2;
		const y = HEIGHT - BOTTOM - height;
		const group = svg('g', { 'data-testid': 'chart-bar', 'data-day': entry.day, 'data-cost': entry.cost.toFixed(), 'data-calls': entry.calls, class: entry.day === today ? 'today' : '' });
		group.append(svg('title', {}, `${entry.day}: $${entry.cost.toFixed()} (${entry.calls} call${entry.calls === 1 ? '' : 's'})`));
		group.append(svg('rect', { x, y, width: barWidth, height, rx: 2, class: 'bar' }));
		if (cost > 0) group.append(svg('text', { x: x + barWidth / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, shortMoney(entry.cost)));
		const date = new Date(`${entry.day}T12:00:00`);
		const label = entry.day === today ? 'today' : date.toLocaleDateString(undefined, { weekday: 'short' });
		group.append(svg('text', { x: x + barWidth / 2, y: HEIGHT - 5, 'text-anchor': 'middle', class: 'label' }, label));
		chart.append(group);
	});
	return chart;
}
