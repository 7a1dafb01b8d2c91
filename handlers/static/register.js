/*
 * register.js - helpers of the registration form: the county list follows
 * the chosen city, and the licence image is checked (type, size) and
 * previewed before it is sent. The server checks everything again; without
 * JavaScript the county list shows every county, grouped by city.
 */
(() => {
	'use strict';
	const city = document.getElementById('city');
	const county = document.getElementById('county');
	if (city && county) {
		const groups = [...county.querySelectorAll('optgroup')].map((g) => g.cloneNode(true));
		const first = county.options[0].cloneNode(true);
		const follow = () => {
			const keep = county.value;
			county.replaceChildren(first.cloneNode(true));
			for (const g of groups)
				if (!city.value || g.dataset.city === city.value)
					county.append(g.cloneNode(true));
			county.value = [...county.options].some((o) => o.value === keep) ? keep : '';
		};
		city.addEventListener('change', follow);
		/* A county picked first names its city. */
		county.addEventListener('change', () => {
			const g = county.selectedOptions[0]?.parentElement;
			if (!city.value && g?.dataset.city) {
				city.value = g.dataset.city;
				follow();
			}
		});
		follow();
	}

	const file = document.getElementById('licence');
	const img = document.getElementById('licence-preview');
	const msg = document.querySelector('.licence-check');
	if (!file || !img || !msg)
		return;
	const max = Number(file.dataset.maxBytes) || 10 * 1024 * 1024;
	let url = null;
	file.addEventListener('change', () => {
		if (url)
			URL.revokeObjectURL(url);
		url = null;
		img.hidden = true;
		img.removeAttribute('src');
		msg.textContent = '';
		const f = file.files[0];
		if (!f)
			return;
		if (!/\.(jpe?g|png)$/i.test(f.name) || !/^image\/(jpeg|png)$/.test(f.type)) {
			msg.textContent = '请上传图片格式的营业执照（jpg、jpeg、png）';
			return;
		}
		if (f.size > max) {
			msg.textContent = `营业执照图片不能超过${Math.floor(max / 1048576)}M`;
			return;
		}
		url = URL.createObjectURL(f);
		img.src = url;
		img.hidden = false;
	});
})();
