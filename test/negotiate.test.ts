// negotiate, isEndpointRequest and prefersJson: rules §2.7, §2.8, §5.2.
import assert from 'node:assert/strict';
import { negotiate, prefersJson } from '../src/negotiate.js';
import { kit2 } from '../src/semantics/kit2.js';

const isEndpointRequest = kit2.isEndpointRequest;

interface Row {
	/** undefined = header absent */
	accept: string | undefined;
	negotiated: string | undefined;
	endpoint: boolean;
	json: boolean;
}

// rules §2.8 "Verified outcomes" table, one row per line
const TABLE: Row[] = [
	{ accept: undefined, negotiated: '*', endpoint: true, json: false },
	{ accept: '*/*', negotiated: '*', endpoint: true, json: true },
	{ accept: 'text/html', negotiated: 'text/html', endpoint: false, json: false },
	{ accept: 'TEXT/HTML', negotiated: undefined, endpoint: true, json: false },
	{ accept: 'text/*', negotiated: 'text/html', endpoint: false, json: false },
	{ accept: 'application/json', negotiated: undefined, endpoint: true, json: true },
	{
		accept: 'application/json, text/html;q=0',
		negotiated: 'text/html',
		endpoint: false,
		json: true
	},
	{ accept: 'text/html;q=0.9, */*', negotiated: '*', endpoint: true, json: true },
	{ accept: '*/*;q=0.8, text/html;q=0.8', negotiated: 'text/html', endpoint: false, json: false },
	{
		accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
		negotiated: 'text/html',
		endpoint: false,
		json: false
	},
	{
		accept: '  text/html ; q=0.5 , application/json;q=0.4',
		negotiated: 'text/html',
		endpoint: false,
		json: false
	},
	{
		accept: 'text/html;level=1;q=0.1, application/json;q=0.5',
		negotiated: 'text/html',
		endpoint: false,
		json: false
	},
	{ accept: 'image/png', negotiated: undefined, endpoint: true, json: false },
	{ accept: '', negotiated: undefined, endpoint: true, json: false },
	{ accept: 'junk', negotiated: undefined, endpoint: true, json: false },
	{ accept: 'foo text/html', negotiated: undefined, endpoint: true, json: false },
	{ accept: 'text/html,*', negotiated: 'text/html', endpoint: false, json: false }
];

const label = (accept: string | undefined) => (accept === undefined ? '(absent)' : JSON.stringify(accept));

describe('negotiate', () => {
	describe('rules §2.8 table', () => {
		for (const { accept, negotiated, endpoint, json } of TABLE) {
			const body = json ? 'JSON' : 'HTML';
			it(`${label(accept)}: ${String(negotiated)}, endpoint ${endpoint}, ${body}`, () => {
				// the table's negotiate column is what is_endpoint_request passes: absent → */*
				assert.equal(negotiate(accept ?? '*/*', ['*', 'text/html']), negotiated);
				for (const method of ['GET', 'POST', 'HEAD']) {
					assert.equal(isEndpointRequest(method, accept, undefined), endpoint, method);
				}
				assert.equal(prefersJson(accept), json);
			});
		}
	});

	describe('http.spec unit cases', () => {
		it('picks the only type offered', () => {
			assert.equal(negotiate('text/html', ['text/html']), 'text/html');
		});

		it('allows optional whitespace around the parts', () => {
			const accept = 'application/some-thing-else, \tapplication/json \t; q=0.9  ,text/plain;q=0.1';
			assert.equal(negotiate(accept, ['application/json', 'text/plain']), 'application/json');
		});

		it('ignores an invalid segment', () => {
			assert.equal(negotiate('text/html,*', ['text/html']), 'text/html');
		});

		it('returns undefined for a 200 000-character segment without a slash', () => {
			assert.equal(negotiate('a'.repeat(200_000), ['text/html']), undefined);
		});
	});

	describe('parsing', () => {
		it('honours q only as the first parameter', () => {
			assert.equal(negotiate('a/b;x=1;q=0.1, c/d;q=0.5', ['a/b', 'c/d']), 'a/b');
			assert.equal(negotiate('a/b;q=0.1, c/d;q=0.5', ['a/b', 'c/d']), 'c/d');
		});

		it('does not recognise Q=', () => {
			assert.equal(negotiate('a/b;Q=0.1, c/d;q=0.5', ['a/b', 'c/d']), 'a/b');
		});

		it('reads q with Number: a malformed q is NaN and the pair keeps header order', () => {
			assert.equal(negotiate('a/b;q=1.2.3, c/d', ['c/d', 'a/b']), 'a/b');
			assert.equal(negotiate('c/d, a/b;q=.', ['a/b', 'c/d']), 'c/d');
			// without the NaN, q=0.5 would sort after c/d
			assert.equal(negotiate('a/b;q=0.5, c/d', ['c/d', 'a/b']), 'c/d');
		});

		it('falls back to q=1 when `q=` has no digits', () => {
			assert.equal(negotiate('a/b;q=x, c/d;q=0.5', ['c/d', 'a/b']), 'a/b');
		});

		it('anchors at the segment start: a leading token breaks the segment', () => {
			assert.equal(negotiate('x text/html', ['text/html']), undefined);
			assert.equal(negotiate(' \ttext/html', ['text/html']), 'text/html');
		});

		it('keeps slashes in the subtype and needs a non-empty type and subtype', () => {
			assert.equal(negotiate('a/b/c', ['a/b']), undefined);
			assert.equal(negotiate('/html, text/', ['text/html']), undefined);
		});

		it('ignores anything after the q value', () => {
			assert.equal(negotiate('a/b;q=0.5;level=1 junk, c/d;q=0.4', ['c/d', 'a/b']), 'a/b');
		});
	});

	describe('ranking and selection', () => {
		it('sorts q=0 last but still matches it', () => {
			assert.equal(negotiate('text/html;q=0', ['application/json', 'text/html']), 'text/html');
		});

		it('prefers a concrete subtype, then a concrete type, then header order', () => {
			const types = ['application/json', 'text/plain'];
			assert.equal(negotiate('*/*, text/*, text/plain', types), 'text/plain');
			assert.equal(negotiate('*/*, a/*', ['x/y', 'a/z']), 'a/z');
			assert.equal(negotiate('c/d, a/b', ['a/b', 'c/d']), 'c/d');
		});

		it('breaks an index tie in favour of the earlier candidate', () => {
			assert.equal(negotiate('*/*', ['a/b', 'c/d']), 'a/b');
			assert.equal(negotiate('*/*', ['c/d', 'a/b']), 'c/d');
		});

		it("matches the candidate '*' only against a literal */*", () => {
			assert.equal(negotiate('*/html', ['*']), undefined);
			assert.equal(negotiate('text/*', ['*']), undefined);
			assert.equal(negotiate('*/*;q=0.1', ['*']), '*');
		});

		it('does not fold case', () => {
			assert.equal(negotiate('Text/Html', ['text/html']), undefined);
		});
	});

	describe('linear time on hostile headers (mocha timeout is the guard)', () => {
		const HOSTILE: Array<[string, string]> = [
			['no slash', 'a'.repeat(200_000)],
			['slashes only', '/'.repeat(200_000)],
			['type/ repeated', 'a/'.repeat(100_000)],
			['commas', ','.repeat(200_000)],
			['spaces', ' '.repeat(200_000)],
			['spaces and tabs then slash', ' \t'.repeat(100_000) + '/'],
			[';q= repeated', ';q='.repeat(50_000)],
			['a/b;q= repeated', 'a/b;q='.repeat(33_000)],
			['subtype then many blanks', 'a/b' + ' '.repeat(200_000) + ';'],
			['long q', 'text/html;q=0.' + '1'.repeat(200_000)],
			['many ranges', '*/*,'.repeat(50_000)],
			['many ranges with q', 'a/b ; q=0.5,'.repeat(16_000)]
		];

		for (const [name, accept] of HOSTILE) {
			it(name, () => {
				for (const types of [
					['*', 'text/html'],
					['application/json', 'text/html']
				]) {
					negotiate(accept, types);
				}
				isEndpointRequest('GET', accept, undefined);
				prefersJson(accept);
			});
		}
	});
});

describe('isEndpointRequest', () => {
	it('always sends PUT, PATCH, DELETE and OPTIONS to the endpoint', () => {
		for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
			for (const accept of [undefined, '', 'text/html']) {
				assert.equal(isEndpointRequest(method, accept, 'true'), true, `${method} ${accept}`);
			}
		}
	});

	it('sends a POST with x-sveltekit-action: true to the page', () => {
		assert.equal(isEndpointRequest('POST', '*/*', 'true'), false);
		assert.equal(isEndpointRequest('POST', undefined, 'true'), false);
	});

	it('only honours the exact value `true`, and only for POST', () => {
		for (const action of ['TRUE', 'True', ' true', 'true ', '1', '']) {
			assert.equal(isEndpointRequest('POST', '*/*', action), true, JSON.stringify(action));
		}
		assert.equal(isEndpointRequest('GET', '*/*', 'true'), true);
		assert.equal(isEndpointRequest('POST', 'text/html', 'false'), false);
	});

	it('routes methods outside the endpoint list (MOVE) through negotiation', () => {
		assert.equal(isEndpointRequest('MOVE', 'text/html', undefined), false);
		assert.equal(isEndpointRequest('MOVE', '*/*', undefined), true);
		assert.equal(isEndpointRequest('MOVE', undefined, undefined), true);
	});

	it('treats an absent header as */* but keeps an empty one', () => {
		assert.equal(isEndpointRequest('GET', undefined, undefined), true);
		assert.equal(isEndpointRequest('GET', '', undefined), true);
		assert.equal(isEndpointRequest('HEAD', 'text/html', undefined), false);
	});
});

describe('prefersJson', () => {
	it('treats a missing or empty header as text/html', () => {
		assert.equal(prefersJson(undefined), false);
		assert.equal(prefersJson(''), false);
	});

	it('answers JSON for */* because application/json is listed first', () => {
		assert.equal(prefersJson('*/*'), true);
		assert.equal(prefersJson('application/*'), true);
	});

	it('answers HTML when nothing matches', () => {
		assert.equal(prefersJson('image/png'), false);
		assert.equal(prefersJson('APPLICATION/JSON'), false);
	});
});
