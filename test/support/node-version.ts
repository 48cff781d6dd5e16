// `@sveltejs/kit@3` declares `engines: node >=22.17`: tests that import it, directly or through a
// fixture under test/fixtures/kit3/, skip themselves on an older Node. Not a spec file.

/** Whether this Node runs `@sveltejs/kit@3`. */
export function nodeRunsKit3(version: string = process.versions.node): boolean {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	return major > 22 || (major === 22 && minor >= 17);
}

/** Call in a `describe`: its tests, nested ones included, are skipped where kit 3 cannot run. */
export function skipWithoutKit3(): void {
	before(function () {
		if (!nodeRunsKit3()) this.skip();
	});
}
