// The profiles' answers about requests: which side of a route takes one (rules §2.7), what the
// CSRF check counts as a form (§7.1), reserved query keys and how HEAD is measured.
import assert from 'node:assert/strict';
import { kit2 } from '../src/semantics/kit2.js';
import { kit3 } from '../src/semantics/kit3.js';

const handler = () => new Response();
const module = (...names: string[]) => Object.fromEntries(names.map((name) => [name, handler]));

describe('semantics: requests', () => {
	describe('isEndpointRequest', () => {
		// [method, accept, exports, kit 2, kit 3]
		const table: [string, string | undefined, string[], boolean, boolean][] = [
			['GET', '*/*', ['GET'], true, true],
			['GET', '*/*', ['POST'], true, false],
			['GET', undefined, ['fallback'], true, true],
			['GET', 'text/html', ['GET'], false, false],
			['HEAD', '*/*', ['GET'], true, true],
			['HEAD', '*/*', ['HEAD'], true, true],
			['HEAD', '*/*', ['POST'], true, false],
			['HEAD', 'application/json', ['fallback'], true, true],
			['POST', '*/*', ['POST'], true, true],
			['POST', '*/*', ['GET'], true, false],
			['POST', '*/*', ['fallback'], true, true],
			['PUT', 'text/html', [], true, true],
			['OPTIONS', 'text/html', [], true, true],
			['QUERY', 'text/html', ['GET'], false, true],
			['QUERY', '*/*', [], true, true],
			['MOVE', '*/*', [], true, true],
			['MOVE', 'text/html', ['fallback'], false, false]
		];
		for (const [method, accept, exports, two, three] of table) {
			it(`${method} ${accept ?? '(no accept)'} with ${exports.join(', ') || 'no handlers'}: kit 2 ${two}, kit 3 ${three}`, () => {
				assert.equal(kit2.isEndpointRequest(method, accept, undefined, module(...exports)), two);
				assert.equal(kit3.isEndpointRequest(method, accept, undefined, module(...exports)), three);
			});
		}

		it('a use:enhance POST is the page’s in both', () => {
			assert.equal(kit2.isEndpointRequest('POST', '*/*', 'true', module('POST')), false);
			assert.equal(kit3.isEndpointRequest('POST', '*/*', 'true', module('POST')), false);
		});

		it('only the module’s own functions count', () => {
			assert.equal(kit3.isEndpointRequest('GET', '*/*', undefined, Object.create({ GET: handler })), false);
		});
	});

	it('HEAD varies on Accept in kit 3, not in kit 2', () => {
		assert.deepEqual([...kit2.varyAcceptMethods], ['GET']);
		assert.deepEqual([...kit3.varyAcceptMethods].sort(), ['GET', 'HEAD']);
	});

	it('CSRF: kit 3 counts a missing or empty content-type as a form', () => {
		for (const type of [undefined, '']) {
			assert.equal(kit2.csrf.isForm(type), false);
			assert.equal(kit3.csrf.isForm(type), true);
		}
		for (const profile of [kit2, kit3]) {
			assert.equal(profile.csrf.isForm('TEXT/Plain ; charset=utf-8'), true);
			assert.equal(profile.csrf.isForm('application/json'), false);
			assert.equal(profile.csrf.methods.has('QUERY'), false);
		}
	});

	it('reserved query keys: kit 3 only', () => {
		assert.equal(kit2.reservedQuery, null);
		assert.equal(kit3.reservedQuery?.prefix, 'x-sveltekit-');
		assert.equal(kit3.reservedQuery?.message('x-sveltekit-a'), 'Cannot use reserved query parameter "x-sveltekit-a"');
	});

	it('HEAD answers: measured in kit 2 (as GET), only declared in kit 3', () => {
		assert.equal(kit2.writer.headLength, 'measured');
		assert.equal(kit3.writer.headLength, 'declared');
	});
});
