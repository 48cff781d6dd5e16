import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (apt-get install -y chromium), which CI's .ci/run installs; CHROMIUM names another
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

describe('examples/migration in a browser', function () {
	// starting Chromium takes a few seconds on a slow machine
	this.timeout(30000);

	let browser: Browser | undefined;
	let server: Server | undefined;
	let base = '';

	before(async function () {
		if (!existsSync(executablePath)) {
			// A newcomer without Chromium still gets a green `npm test`. CI installs it, so there a
			// missing browser means a broken setup and must fail rather than pass by skipping.
			if (!process.env.CI) this.skip();
			throw new Error(`No Chromium at ${executablePath}: install it with apt-get install -y chromium, or set CHROMIUM to its path`);
		}

		// imported at run time so the app and its route files share one todo store (see examples-migration.test.ts)
		const { createApp } = await import('../examples/migration/app.js');
		const app = createApp();
		server = await new Promise<Server>((resolve) => {
			const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

		// launch() gives Chromium a fresh temporary profile of its own, and removes it on close
		browser = await chromium.launch({
			executablePath,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		});
	});

	after(async () => {
		// the browser first: its event streams are connections the server would wait for
		await browser?.close();
		if (server) {
			server.closeAllConnections();
			await new Promise((resolve) => server!.close(resolve));
		}
	});

	it('logs in, adds a todo with fetch, and every open page sees it through the event stream', async () => {
		assert.ok(browser);
		const text = `Water the plants ${Date.now()}`;

		// a second visitor, not logged in, watching the same list
		const watcherContext = await browser.newContext();
		const watcher = await watcherContext.newPage();
		await watcher.goto(`${base}/`);
		await watcher.locator('body[data-stream="open"]').waitFor({ timeout: 10000 });

		const context = await browser.newContext();
		const page = await context.newPage();
		try {
			// the legacy login form, served and handled by Express
			await page.goto(`${base}/`);
			assert.match((await page.locator('#visitor').textContent()) ?? '', /Hello, stranger/);
			await page.fill('#name', 'Ada');
			await Promise.all([page.waitForURL(`${base}/`), page.click('#login')]);
			await page.locator('#visitor[data-name="Ada"]').waitFor({ timeout: 10000 });

			// the stream is open before the todo is added, so the announcement cannot be missed
			await page.locator('body[data-stream="open"]').waitFor({ timeout: 10000 });
			await page.fill('#text', text);
			await page.press('#text', 'Enter');

			// the page updates its list only from the stream: the log line and the item prove it
			for (const p of [page, watcher]) {
				const line = p.locator('#log li', { hasText: text });
				await line.waitFor({ timeout: 10000 });
				assert.equal(await line.textContent(), `Ada added “${text}”`);
				const item = p.locator('#todos li', { hasText: text });
				await item.waitFor({ timeout: 10000 });
				assert.equal(await item.getAttribute('data-by'), 'Ada');
				assert.equal(await item.locator('.text').textContent(), text);
			}
			assert.equal(await page.inputValue('#text'), '', 'the form is cleared once the POST succeeded');
			assert.equal(await page.locator('#status').textContent(), '');

			// a reload renders the todo on the server, through the legacy page
			await page.reload();
			assert.equal(await page.locator('#todos li', { hasText: text }).count(), 1);
		} finally {
			await context.close();
			await watcherContext.close();
		}
	});
});
