/*
 * sms.js - the 获取验证码 button (button.sms-send) without leaving the page:
 * posts the fields it names (data-sms-fields) and the form's csrf to its
 * formaction with fetch(), shows the answer and counts down until another
 * code may be asked for. Without JavaScript the button submits the form
 * to the same address and the page comes back with the answer.
 */
(() => {
	'use strict';
	const COUNTDOWN_MAX = 120;	/* longer waits: just say so */

	for (const btn of document.querySelectorAll('button.sms-send')) {
		const form = btn.form;
		const status = form.querySelector('.sms-status');
		const label = btn.textContent;
		let timer = null;

		const say = (text, bad) => {
			status.textContent = text;
			status.classList.toggle('field-error', bad);
			status.classList.toggle('notice', !bad);
		};

		const countdown = (secs) => {
			let left = Math.min(secs, COUNTDOWN_MAX);
			const tick = () => {
				if (left <= 0) {
					clearInterval(timer);
					btn.disabled = false;
					btn.textContent = label;
					return;
				}
				btn.disabled = true;
				btn.textContent = `${left}秒后重新获取`;
				left -= 1;
			};
			clearInterval(timer);
			tick();
			timer = setInterval(tick, 1000);
		};

		btn.addEventListener('click', async (ev) => {
			ev.preventDefault();
			const body = new URLSearchParams();
			body.set('csrf', form.elements.csrf.value);
			for (const name of (btn.dataset.smsFields || '').split(/\s+/).filter(Boolean))
				body.set(name, form.elements[name].value.trim());
			btn.disabled = true;
			let res;
			let data = {};
			try {
				res = await fetch(btn.formAction, {
					method: 'POST', body, credentials: 'same-origin',
					headers: { Accept: 'application/json' },
				});
				data = await res.json().catch(() => ({}));
			} catch {
				btn.disabled = false;
				say('网络异常，请稍后重试。', true);
				return;
			}
			if (res.ok) {
				say(data.message || '验证码已发送。', false);
				countdown(Number(data.wait) || 60);
			} else if (res.status === 429) {
				say(data.message || '获取短信过于频繁，请稍后再试。', true);
				countdown(Number(res.headers.get('Retry-After')) || 60);
			} else {
				btn.disabled = false;
				if (res.status === 422 && data.field && form.elements[data.field]) {
					say(data.message, true);
					form.elements[data.field].focus();
				} else
					say(res.status === 403 ? '页面已过期，请刷新页面后重试。' :
					    '发送失败，请稍后重试。', true);
			}
		});
	}
})();
