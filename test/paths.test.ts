import assert from 'node:assert/strict';
import path from 'node:path';
import { isInside, relative } from '../src/paths.js';

describe('paths', () => {
	const cwd = process.cwd();

	describe('relative', () => {
		it('gives a path inside the working directory relative to it, with forward slashes', () => {
			assert.equal(relative(path.join(cwd, 'src', 'routes', '+server.js')), 'src/routes/+server.js');
		});

		it("keeps a folder named '..x' inside the working directory relative: it is not outside", () => {
			assert.equal(relative(path.join(cwd, '..x', '+server.js')), '..x/+server.js');
			assert.equal(relative(path.join(cwd, '..x')), '..x');
		});

		it('gives the working directory itself as .', () => {
			assert.equal(relative(cwd), '.');
		});

		it('leaves a path outside the working directory as it is', () => {
			const outside = path.join(path.dirname(cwd), 'elsewhere', '+server.js');
			assert.equal(relative(outside), outside);
			assert.equal(relative(path.dirname(cwd)), path.dirname(cwd));
		});
	});

	describe('isInside', () => {
		it("counts a folder named '..x' as inside, and the parent's parent as outside", () => {
			assert.equal(isInside(path.join(cwd, '..x'), cwd), true);
			assert.equal(isInside(cwd, cwd), true);
			assert.equal(isInside(path.dirname(cwd), cwd), false);
			assert.equal(isInside(path.join(path.dirname(cwd), 'x'), cwd), false);
		});
	});
});
