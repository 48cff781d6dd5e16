// A broken routes tree under Express's default error handler (finalhandler). The host-agnostic
// cases are in broken-tree.test.ts.
import assert from 'node:assert/strict';
import request from 'supertest';
import { endpoints } from '../../src/index.js';
import { call, captureConsole, routesOf } from '../support/helpers.js';
import { describeExpress } from '../support/hosts.js';

const BROKEN = routesOf('app-broken');

describeExpress('a broken routes tree', (_host, express) => {
	it("with Express's default error handler the answer is a 500", async () => {
		const middleware = endpoints(BROKEN, { handleError: () => {} });
		const app = express();
		app.use(middleware);
		app.set('env', 'production');
		// finalhandler logs the error itself
		const { result: res } = await captureConsole(async () => {
			const reply = await call(request(app).get('/ok'));
			// finalhandler logs on a later tick
			await new Promise((resolve) => setImmediate(resolve));
			return reply;
		});
		assert.equal(res.status, 500);
		assert.doesNotMatch(res.text, /thisvariableisnotdefined/);
	});
});
