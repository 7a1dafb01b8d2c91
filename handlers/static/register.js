/*
 * register.js - helpers of the registration form: the county list follows
 * the chosen city; the licence (an image or a PDF e-licence) is checked
 * (type, size) and an image previewed before it is sent; an error shown
 * beside a field is checked again as the field is typed in and goes once
 * it is fixed. The server checks everything again; without
 * JavaScript the county list shows every county, grouped by city.
 */
(() => {
	'use strict';
	const form = document.getElementById('register-form');
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

	/* The error beside field el: shown with text, or removed (text ''). */
	const setError = (el, text) => {
		let span = form.querySelector(`.field-error[data-error-for="${el.name}"]`);
		if (!text) {
			span?.remove();
			el.removeAttribute('aria-invalid');
			el.removeAttribute('aria-describedby');
			return;
		}
		if (!span) {
			span = document.createElement('span');
			span.className = 'field-error';
			span.id = `err-${el.name}`;
			span.dataset.errorFor = el.name;
			const anchor = el.closest('.code-row') || el;
			let at = anchor.nextElementSibling;
			while (at && at.classList.contains('hint'))
				at = at.nextElementSibling;
			anchor.parentNode.insertBefore(span, at);
		}
		span.textContent = text;
		el.setAttribute('aria-invalid', 'true');
		el.setAttribute('aria-describedby', span.id);
	};

	/* The rules a browser can tell at once; '' when none is broken. */
	const RULES = {
		name: (v) => (v.trim() ? '' : '请填写企业名称'),
		uscc: (v) => (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v.trim()) ? '' : '统一社会信用代码为18位数字或大写字母'),
		username: (v) => (/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v) ? '' : '用户名为4至32个字符，字母开头，只能包含字母、数字和下划线'),
		password: (v) => (v.length >= 10 ? '' : '密码至少10个字符'),
		password2: (v) => (v === form.elements.password.value ? '' : '两次输入的密码不一致'),
		mobile: (v) => (/^1[3-9]\d{9}$/.test(v.trim()) ? '' : '请填写11位手机号码'),
		sms_code: (v) => (/^\d{6}$/.test(v.trim()) ? '' : '短信验证码为6位数字'),
	};
	/*
	 * A field with an error is checked again as it is typed: the error
	 * goes once the rule holds (or at once, for a rule only the server
	 * knows). No new error appears while typing or on leaving a field:
	 * that would move the page under the user's pointer.
	 */
	if (form) {
		for (const el of form.querySelectorAll('input[name], select[name]')) {
			if (el.type === 'hidden' || el.type === 'file')
				continue;
			const recheck = () => {
				if (el.getAttribute('aria-invalid') !== 'true')
					return;
				const why = RULES[el.name] ? RULES[el.name](el.value) : '';
				setError(el, why);
				/* Two passwords alike again: the other's mismatch goes too. */
				if (el.name === 'password' && form.elements.password2.getAttribute('aria-invalid') === 'true')
					setError(form.elements.password2, RULES.password2(form.elements.password2.value));
			};
			el.addEventListener('input', recheck);
			el.addEventListener('change', recheck);
		}
	}

	const file = document.getElementById('licence');
	const img = document.getElementById('licence-preview');
	const msg = document.querySelector('.licence-check');
	const fname = document.querySelector('.licence-name');
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
		if (fname)
			fname.textContent = '';
		setError(file, '');
		document.getElementById('licence-again')?.remove();
		const f = file.files[0];
		if (!f)
			return;
		const pdf = /\.pdf$/i.test(f.name) && f.type === 'application/pdf';
		if (!pdf && (!/\.(jpe?g|png)$/i.test(f.name) || !/^image\/(jpeg|png)$/.test(f.type))) {
			msg.textContent = '请上传图片格式的营业执照（jpg、jpeg、png）或电子营业执照（PDF）';
			return;
		}
		if (f.size > max) {
			msg.textContent = `营业执照文件不能超过${Math.floor(max / 1048576)}M`;
			return;
		}
		/* A new file replaces the one kept from the last post. */
		form?.elements.licence_kept?.remove();
		document.getElementById('licence-kept')?.remove();
		if (pdf) {
			if (fname)
				fname.textContent = `已选择电子营业执照：${f.name}`;
			return;
		}
		url = URL.createObjectURL(f);
		img.src = url;
		img.hidden = false;
	});
})();
