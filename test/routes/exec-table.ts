// rules §1.6 "exec cases", shared by match.test.ts (parseRouteId + exec) and
// tree-exec.test.ts (real trees under test/fixtures/exec/NN). Matchers: `matches` is always true,
// `doesntmatch` always false (test/fixtures/exec/params).

export type Params = Record<string, string | undefined>;

export interface ExecCase {
	/** `test/fixtures/exec/<fixture>/routes` holds this one route; null when it cannot be on disk */
	fixture: string | null;
	/** why `fixture` is null */
	offDisk?: string;
	route: string;
	/** [path, expected params | null for "no match"] */
	paths: Array<[string, Params | null]>;
}

export const EXEC_CASES: ExecCase[] = [
	{
		fixture: '01',
		route: '/blog/[[slug]]/sub[[param]]',
		paths: [
			['/blog/sub', {}],
			['/blog/slug/sub', { slug: 'slug' }],
			['/blog/slug/subparam', { slug: 'slug', param: 'param' }],
			['/blog/subparam', { param: 'param' }]
		]
	},
	{
		fixture: '02',
		route: '/[[slug]]/[...rest]',
		paths: [
			['/slug/rest/sub', { slug: 'slug', rest: 'rest/sub' }],
			['/slug/rest', { slug: 'slug', rest: 'rest' }],
			['/slug', { slug: 'slug', rest: '' }],
			['/', { rest: '' }]
		]
	},
	{ fixture: '03', route: '/[...rest]/path', paths: [['/rest/path', { rest: 'rest' }]] },
	{
		fixture: '04',
		route: '/[[slug1]]/[[slug2]]',
		paths: [
			['/slug1/slug2', { slug1: 'slug1', slug2: 'slug2' }],
			['/slug1', { slug1: 'slug1' }]
		]
	},
	{ fixture: '05', route: '/[[slug1=matches]]', paths: [['/', {}]] },
	{ fixture: '06', route: '/[[slug1=doesntmatch]]', paths: [['/', {}]] },
	{ fixture: '07', route: '/[[slug1=matches]]/[[slug2=doesntmatch]]', paths: [['/foo', { slug1: 'foo' }]] },
	{ fixture: '08', route: '/[[slug1=doesntmatch]]/[[slug2=doesntmatch]]', paths: [['/foo', null]] },
	{ fixture: '09', route: '/[...slug1=matches]', paths: [['/', { slug1: '' }]] },
	{ fixture: '10', route: '/[...slug1=doesntmatch]', paths: [['/', null]] },
	{ fixture: '11', route: '/[[slug=doesntmatch]]/[...rest]', paths: [['/foo', { rest: 'foo' }]] },
	{
		fixture: '12',
		route: '/[[slug1=doesntmatch]]/[slug2]/[...rest]',
		paths: [['/foo/bar/baz', { slug2: 'foo', rest: 'bar/baz' }]]
	},
	{
		fixture: '13',
		route: '/[[slug1=doesntmatch]]/[slug2]/[...rest]/baz',
		paths: [['/foo/bar/baz', { slug2: 'foo', rest: 'bar' }]]
	},
	{
		fixture: '14',
		route: '/[[a=doesntmatch]]/[[b=doesntmatch]]/[[c=doesntmatch]]/[...d]',
		paths: [['/a/b/c/d', { d: 'a/b/c/d' }]]
	},
	{
		fixture: '15',
		route: '/[[a=doesntmatch]]/[b]/[...c]/[d]/e',
		paths: [['/foo/bar/baz/qux/e', { b: 'foo', c: 'bar/baz', d: 'qux' }]]
	},
	{
		fixture: '16',
		route: '/[[slug1=doesntmatch]]/[[slug2=doesntmatch]]/[...rest]',
		paths: [['/foo/bar/baz', { rest: 'foo/bar/baz' }]]
	},
	{
		fixture: null,
		offDisk:
			'rules §1.8 expands its non-final optionals into variants that collapse to the same key, so the build ' +
			'rejects it as conflicting with itself (test/fixtures/bad-trees/self-conflict)',
		route: '/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=doesntmatch]]/[...rest].json',
		paths: [['/foo/bar/baz.json', { slug2: 'foo', rest: 'bar/baz' }]]
	},
	{ fixture: '18', route: '/[[a=doesntmatch]]/[[b=matches]]/c', paths: [['/a/b/c', null]] },
	{
		fixture: '19',
		route: '/[[slug1=matches]]/[[slug2=matches]]/constant/[[slug3=matches]]',
		paths: [['/a/b/constant/c', { slug1: 'a', slug2: 'b', slug3: 'c' }]]
	},
	{
		fixture: '20',
		route: '/[[slug1=doesntmatch]]/[[slug2=matches]]/constant/[[slug3=matches]]',
		paths: [['/b/constant/c', { slug2: 'b', slug3: 'c' }]]
	},
	{
		fixture: '21',
		route: '/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=matches]]',
		paths: [['/b/c', { slug2: 'b', slug3: 'c' }]]
	},
	{
		fixture: '22',
		route: '/[slug1]/[[lang=doesntmatch]]/[[page=matches]]',
		paths: [['/a/2', { slug1: 'a', lang: undefined, page: '2' }]]
	},
	{ fixture: '23', route: '/[[slug1=doesntmatch]]/[slug2=matches]/[slug3]', paths: [['/a/b/c', null]] },
	{
		fixture: '24',
		route: '/[[lang=doesntmatch]]/[asset=matches]/[[categoryType]]/[...categories]',
		paths: [
			['/music', { asset: 'music', categories: '' }],
			['/music/genre', { asset: 'music', categoryType: 'genre', categories: '' }],
			['/music/genre/rock', { asset: 'music', categoryType: 'genre', categories: 'rock' }],
			['/sfx/category/car/crash', { asset: 'sfx', categoryType: 'category', categories: 'car/crash' }]
		]
	},
	{
		fixture: '25',
		route: '/[[lang=matches]]/[asset=matches]/[[categoryType]]/[...categories]',
		paths: [['/es/sfx/category/car/crash', { lang: 'es', asset: 'sfx', categoryType: 'category', categories: 'car/crash' }]]
	},
	{ fixture: '26', route: '/[[slug1=doesntmatch]]/[...slug2=doesntmatch]', paths: [['/a/b/c', null]] },
	{ fixture: '27', route: '/[...a=doesntmatch]/[b]', paths: [['/foo', null]] },
	{ fixture: '28', route: '/[...a=matches]/[b]', paths: [['/foo', { a: '', b: 'foo' }]] },
	{ fixture: '29', route: '/[...a=doesntmatch]/[b]/[c]', paths: [['/foo/bar', null]] },
	{ fixture: '30', route: '/[...a=matches]/[b]/[c]', paths: [['/foo/bar', { a: '', b: 'foo', c: 'bar' }]] },
	{ fixture: '31', route: '/[...catchall]', paths: [['/\n', { catchall: '\n' }]] },
	{
		fixture: null,
		offDisk: 'a build error: `a rest route segment is always optional` (test/fixtures/bad-trees/optional-rest)',
		route: '/[[...catchall]]',
		paths: [['/\n', { catchall: '\n' }]]
	},
	{ fixture: '33', route: '/(group)/[[optional]]', paths: [['/', {}]] },
	{ fixture: '34', route: '/(group1)/[slug]/(group2)', paths: [['/123', { slug: '123' }]] }
];

export const EXEC_MATCHERS: Record<string, (param: string) => boolean> = {
	matches: () => true,
	doesntmatch: () => false
};
