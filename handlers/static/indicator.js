/*
 * indicator.js - the derived figures of a filing in the browser, computed as
 * lib/indicator.c computes them (same rules, same order of operations, same
 * rounding; tests/vectors/indicators.json holds what both must give), and
 * recomputed as the user types: on a page whose <form data-year="YYYY">
 * has inputs named as HTTP.md says (assets_total, revenue_2022, ...), each
 * element carrying data-indicator="NAME" shows its figure. NAME is one of
 * the six HTTP.md names or ROW_avg_growth (e.g. tax_avg_growth) for a row's
 * 平均增长率. A figure none of whose inputs is on the page keeps the text
 * the server wrote. Exposes globalThis.smeIndicator.
 */
(() => {
	'use strict';
	const NAMES = ['debt_ratio', 'rd_staff_ratio', 'revenue_cagr',
		'profit_avg_growth', 'avg_profit_margin', 'rd_expense_ratio'];
	const ROWS = ['revenue', 'main_revenue', 'profit', 'net_profit', 'tax',
		'rd_invest', 'rd_expense'];
	const HISTORY = 4;	/* year-4 .. year-1 */
	const LIMIT = 1e12;	/* larger results are unknown */
	const NUM_MAX = 64;	/* longer values are not numbers we accept */
	const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
	const UNKNOWN = { known: false, v: 0 };

	/* A field's text as a number, or null: the C parser's rules. */
	const parse = (s) => {
		if (typeof s !== 'string')
			return null;
		const t = s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
		if (t.length > NUM_MAX || !NUMBER.test(t))
			return null;
		const v = Number(t);
		return Number.isFinite(v) ? v : null;
	};

	const yearOk = (year) => Number.isInteger(year) && year >= 1900 && year <= 9999;

	const set = (v) => (Number.isFinite(v) && Math.abs(v) < LIMIT ?
		{ known: true, v } : UNKNOWN);

	const ratio = (a, b) => (b > 0 ? set(a / b * 100) : UNKNOWN);

	/* stem_YYYY for year-4 .. year-1, null where missing. */
	const history = (get, stem, year) => {
		const h = [];
		for (let i = 0; i < HISTORY; i++)
			h.push(parse(get(`${stem}_${year - HISTORY + i}`)));
		return h;
	};

	const all = (h) => h.every((x) => x !== null);

	/* The mean of the three yearly growths, unknown on a base <= 0. */
	const growth = (h) => {
		if (!all(h))
			return UNKNOWN;
		const g = [];
		for (let i = 1; i < HISTORY; i++) {
			if (!(h[i - 1] > 0))
				return UNKNOWN;
			g.push((h[i] - h[i - 1]) / h[i - 1] * 100);
		}
		return set((g[0] + g[1] + g[2]) / 3);
	};

	/* Every figure, by name, for the forecast year; get(name) gives text. */
	const compute = (year, get) => {
		const out = {};
		for (const n of NAMES)
			out[n] = UNKNOWN;
		if (!yearOk(year) || typeof get !== 'function')
			return out;
		const field = (name) => parse(get(name));
		let a = field('liabilities_total');
		let b = field('assets_total');
		if (a !== null && b !== null)
			out.debt_ratio = ratio(a, b);
		a = field('rd_staff');
		b = field('employees');
		if (a !== null && b !== null)
			out.rd_staff_ratio = ratio(a, b);

		const rev = history(get, 'revenue', year);
		const profit = history(get, 'profit', year);
		const rd = history(get, 'rd_expense', year);
		if (rev[0] !== null && rev[3] !== null && rev[0] > 0 && rev[3] >= 0)
			out.revenue_cagr = set((Math.pow(rev[3] / rev[0], 1 / 3) - 1) * 100);
		out.profit_avg_growth = growth(profit);
		if (!all(rev.slice(1)))
			return out;
		if (all(profit.slice(1)) && rev[1] > 0 && rev[2] > 0 && rev[3] > 0)
			out.avg_profit_margin = set((profit[1] / rev[1] * 100 +
				profit[2] / rev[2] * 100 + profit[3] / rev[3] * 100) / 3);
		if (all(rd.slice(1)))
			out.rd_expense_ratio = ratio(rd[1] + rd[2] + rd[3],
				rev[1] + rev[2] + rev[3]);
		return out;
	};

	/* A row's 平均增长率 (row: a field stem such as 'tax'). */
	const rowGrowth = (year, row, get) => {
		if (!yearOk(year) || typeof get !== 'function' || !ROWS.includes(row))
			return UNKNOWN;
		return growth(history(get, row, year));
	};

	/* Two decimals rounded half away from zero from v x 100, or "—". */
	const format = (val) => {
		if (!val || !val.known || !Number.isFinite(val.v) || Math.abs(val.v) >= LIMIT)
			return '\u2014';
		const n = Math.round(Math.abs(val.v) * 100);
		const sign = val.v < 0 && n !== 0 ? '-' : '';
		return `${sign}${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
	};

	/* The fields a figure reads, to tell whether the page can recompute it. */
	const inputsOf = (name, year) => {
		const years = (stem) => [...Array(HISTORY).keys()]
			.map((i) => `${stem}_${year - HISTORY + i}`);
		switch (name) {
		case 'debt_ratio': return ['liabilities_total', 'assets_total'];
		case 'rd_staff_ratio': return ['rd_staff', 'employees'];
		case 'revenue_cagr': return years('revenue');
		case 'avg_profit_margin': return [...years('revenue'), ...years('profit')];
		case 'rd_expense_ratio': return [...years('revenue'), ...years('rd_expense')];
		default: {
			const row = name.replace(/_avg_growth$/, '');
			return ROWS.includes(row) && row !== name ? years(row) : [];
		}
		}
	};

	globalThis.smeIndicator = { NAMES, ROWS, compute, rowGrowth, format, parse };

	if (typeof document === 'undefined')
		return;

	const wire = () => {
		const form = document.querySelector('form[data-year]');
		if (!form)
			return;
		const year = Number(form.dataset.year);
		const input = (name) => form.elements.namedItem(name);
		const get = (name) => {
			const el = input(name);
			return el && typeof el.value === 'string' ? el.value : null;
		};
		const spans = [...document.querySelectorAll('[data-indicator]')]
			.filter((el) => inputsOf(el.dataset.indicator, year).some((n) => input(n)));
		if (spans.length === 0)
			return;
		const refresh = () => {
			const figures = compute(year, get);
			for (const el of spans) {
				const name = el.dataset.indicator;
				const val = NAMES.includes(name) ? figures[name] :
					rowGrowth(year, name.replace(/_avg_growth$/, ''), get);
				const text = format(val);
				if (el.textContent !== text)
					el.textContent = text;
			}
		};
		form.addEventListener('input', refresh);
		form.addEventListener('change', refresh);
		globalThis.smeIndicator.refresh = refresh;
		refresh();
	};

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', wire);
	else
		wire();
})();
