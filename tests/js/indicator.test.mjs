/*
 * indicator.test.mjs - handlers/static/indicator.js gives the figures of the
 * shared vectors (tests/vectors/indicators.json, which test_indicator.c
 * checks against lib/indicator.c), and on a page recomputes the elements
 * carrying data-indicator as inputs change, leaving alone the figures whose
 * inputs are not on the page. No stack needed: the script runs in a vm
 * context, with a small stand-in for the DOM where the page matters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);
const source = readFileSync(new URL('handlers/static/indicator.js', root), 'utf8');
const vectors = JSON.parse(readFileSync(new URL('tests/vectors/indicators.json', root), 'utf8'));

/* Run the script in a fresh context holding globals; return that context. */
const load = (globals = {}) => {
	const ctx = vm.createContext({ ...globals });
	vm.runInContext(source, ctx, { filename: 'indicator.js' });
	return ctx;
};

const ind = load().smeIndicator;

test('indicator.js names are HTTP.md names', () => {
	assert.deepEqual([...ind.NAMES], ['debt_ratio', 'rd_staff_ratio', 'revenue_cagr',
		'profit_avg_growth', 'avg_profit_margin', 'rd_expense_ratio']);
});

for (const c of vectors.cases) {
	test(`indicator vector: ${c.name}`, () => {
		const get = (name) => (Object.hasOwn(c.fields, name) ? c.fields[name] : null);
		const figures = ind.compute(c.year, get);
		for (const name of ind.NAMES)
			assert.equal(ind.format(figures[name]), c.expect[name], name);
		for (const row of ind.ROWS)
			assert.equal(ind.format(ind.rowGrowth(c.year, row, get)), c.row_growth[row],
				`growth of ${row}`);
		/* Never a NaN or an infinity behind a known figure. */
		for (const name of ind.NAMES)
			assert.ok(!figures[name].known || Number.isFinite(figures[name].v), name);
	});
}

test('indicator format vectors', () => {
	for (const f of vectors.format)
		assert.equal(ind.format({ known: f.known, v: f.v }), f.want, `${f.v}`);
	assert.equal(ind.format(undefined), '\u2014');
	assert.equal(ind.format({ known: true, v: NaN }), '\u2014');
});

test('seed 004 example, written out', () => {
	const fields = {
		assets_total: '202012.00', liabilities_total: '20201.00', employees: '188', rd_staff: '150',
		revenue_2017: '11.0000', revenue_2018: '12.00', revenue_2019: '13.00', revenue_2020: '14.00',
		profit_2017: '30.0000', profit_2018: '31.00', profit_2019: '32.00', profit_2020: '33.00',
	};
	const f = ind.compute(2021, (n) => fields[n] ?? null);
	assert.equal(ind.format(f.debt_ratio), '10.00');
	assert.equal(ind.format(f.rd_staff_ratio), '79.79');
	assert.equal(ind.format(f.revenue_cagr), '8.37');
	assert.equal(ind.format(f.profit_avg_growth), '3.23');
	assert.equal(ind.format(f.rd_expense_ratio), '\u2014');
});

/*
 * A stand-in for the little of the DOM indicator.js touches: one form with
 * data-year and named inputs, elements carrying data-indicator, events.
 */
const fakePage = (year, values, indicators) => {
	const listeners = {};
	const inputs = Object.fromEntries(Object.entries(values).map(([n, v]) => [n, { name: n, value: v }]));
	const form = {
		dataset: { year: String(year) },
		elements: { namedItem: (n) => inputs[n] ?? null },
		addEventListener: (type, fn) => { (listeners[type] ??= []).push(fn); },
	};
	const spans = indicators.map(([name, text]) => ({ dataset: { indicator: name }, textContent: text }));
	const document = {
		readyState: 'complete',
		querySelector: (sel) => (sel === 'form[data-year]' ? form : null),
		querySelectorAll: (sel) => (sel === '[data-indicator]' ? spans : []),
		addEventListener: () => {},
	};
	const type = (name, value) => {
		inputs[name].value = value;
		for (const fn of listeners.input ?? [])
			fn({ target: inputs[name] });
	};
	const text = (name) => spans.find((s) => s.dataset.indicator === name).textContent;
	return { document, type, text };
};

test('the page recomputes figures as the user types', () => {
	const page = fakePage(2024, { assets_total: '1000', liabilities_total: '', employees: '', rd_staff: '' },
		[['debt_ratio', '—'], ['rd_staff_ratio', '—']]);
	load({ document: page.document });
	assert.equal(page.text('debt_ratio'), '\u2014', 'nothing typed yet');
	page.type('liabilities_total', '250');
	assert.equal(page.text('debt_ratio'), '25.00');
	page.type('liabilities_total', '1,000');
	assert.equal(page.text('debt_ratio'), '\u2014', 'a separator is not a number');
	page.type('liabilities_total', '1000');
	page.type('assets_total', '0');
	assert.equal(page.text('debt_ratio'), '\u2014', 'zero assets');
	page.type('employees', '188');
	page.type('rd_staff', '150');
	assert.equal(page.text('rd_staff_ratio'), '79.79');
});

test('row growth spans follow their row; figures without inputs keep the server text', () => {
	const values = {};
	for (const [i, y] of [2020, 2021, 2022, 2023].entries()) {
		values[`revenue_${y}`] = String(11 + i);
		values[`profit_${y}`] = String(30 + i);
		values[`tax_${y}`] = String(40 + i);
	}
	const page = fakePage(2024, values, [
		['revenue_cagr', 'x'], ['profit_avg_growth', 'x'], ['tax_avg_growth', 'x'],
		['avg_profit_margin', 'x'], ['debt_ratio', '10.00'], ['bogus', 'kept'],
	]);
	load({ document: page.document });
	assert.equal(page.text('revenue_cagr'), '8.37');
	assert.equal(page.text('profit_avg_growth'), '3.23');
	assert.equal(page.text('tax_avg_growth'), '2.44');
	assert.equal(page.text('avg_profit_margin'), '246.73');
	assert.equal(page.text('debt_ratio'), '10.00', 'its inputs are on the basic page');
	assert.equal(page.text('bogus'), 'kept');
	page.type('tax_2021', '');
	assert.equal(page.text('tax_avg_growth'), '\u2014', 'a missing year');
	assert.equal(page.text('revenue_cagr'), '8.37');
});
