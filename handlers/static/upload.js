/*
 * upload.js - the attachments page (form.upload) without leaving it: each
 * chosen file goes up on its own XMLHttpRequest (Accept: application/json)
 * with a progress bar, several at once, and the server's message appears
 * in place under the slot. Without JavaScript each form posts one file and
 * the page comes back with the answer. A file chosen but not uploaded yet
 * is said beside it, and leaving the page then (or during an upload) asks
 * first: nothing chosen is dropped silently.
 */
(() => {
	'use strict';
	const MAX = 50 * 1024 * 1024;

	const line = (form) => {
		const li = document.createElement('li');
		li.className = 'uploading';
		const name = document.createElement('span');
		const bar = document.createElement('progress');
		const msg = document.createElement('span');
		bar.max = 100;
		bar.value = 0;
		li.append(name, ' ', bar, ' ', msg);
		form.closest('li.slot').querySelector('ul.files').append(li);
		return { li, name, bar, msg };
	};

	const send = (form, file) => {
		const row = line(form);
		row.name.textContent = file.name;
		const fail = (text) => {
			row.bar.remove();
			row.msg.className = 'field-error';
			row.msg.setAttribute('data-error-for', 'file');
			row.msg.textContent = text;
		};
		if (file.size > MAX) {
			fail('文件超过50M，未上传。请压缩或拆分后再上传。');
			return Promise.resolve(false);
		}
		const body = new FormData();
		body.append('csrf', form.elements.csrf.value);
		body.append('file', file, file.name);
		return new Promise((resolve) => {
			const x = new XMLHttpRequest();
			x.open('POST', form.action);
			x.setRequestHeader('Accept', 'application/json');
			x.upload.onprogress = (e) => {
				if (e.lengthComputable)
					row.bar.value = Math.floor(e.loaded * 100 / e.total);
			};
			x.onload = () => {
				if (x.status === 201) {
					row.bar.value = 100;
					row.msg.className = 'notice';
					row.msg.textContent = '已上传';
					resolve(true);
					return;
				}
				let text = '上传失败（' + x.status + '），请稍后再试。';
				try {
					const j = JSON.parse(x.responseText);
					if (j && j.message)
						text = j.message;
				} catch (e) {
					if (x.status === 413)
						text = '文件超过50M，未保存。';
				}
				fail(text);
				resolve(false);
			};
			x.onerror = () => { fail('网络中断，文件未上传，请重试。'); resolve(false); };
			x.send(body);
		});
	};

	let inflight = 0, reloading = false;
	const chosen = () => Array.from(document.querySelectorAll('form.upload input[type=file]'))
		.some((i) => i.files && i.files.length > 0);
	window.addEventListener('beforeunload', (e) => {
		if (reloading || (!chosen() && inflight === 0))
			return;
		e.preventDefault();
		e.returnValue = '';
	});

	for (const form of document.querySelectorAll('form.upload')) {
		const input = form.elements.file;
		const note = form.querySelector('.progress');
		if (form.dataset.multiple === '1')
			input.multiple = true;
		input.addEventListener('change', () => {
			if (!note)
				return;
			note.hidden = input.files.length === 0;
			note.className = 'progress pending';
			note.textContent = '已选择' + input.files.length + '个文件，尚未上传，请点击“上传”。';
		});
		form.addEventListener('submit', (ev) => {
			ev.preventDefault();
			const files = Array.from(input.files);
			if (files.length === 0)
				return;
			input.value = '';
			if (note)
				note.hidden = true;
			inflight++;
			Promise.all(files.map((f) => send(form, f))).then((oks) => {
				inflight--;
				/* Reload to show the stored files with their links. */
				if (!oks.every(Boolean))
					return;
				/* A change of the fragment alone would not reload. */
				const slot = form.closest('li.slot').id;
				reloading = true;
				if (location.search === '?msg=uploaded') {
					history.replaceState(null, '', '#' + slot);
					location.reload();
				} else
					location.assign(location.pathname + '?msg=uploaded#' + slot);
			});
		});
	}
})();
