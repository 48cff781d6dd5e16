// `@sveltejs/kit@3` declares `engines: node >=22.17`. Tests that import it, directly or through a
// fixture under test/fixtures/kit3/, skip themselves on older Node (the suite's first CI run is on
// Node 20). Not a spec file.

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

/** Whether this Node runs `@sveltejs/kit@3`. */
export const NODE_RUNS_KIT3 = major > 22 || (major === 22 && minor >= 17);

/** Call inside a `describe`: its tests are skipped on a Node that `@sveltejs/kit@3` does not support. */
export function skipWithoutKit3Node(): void {
	before(function () {
		if (!NODE_RUNS_KIT3) this.skip();
	});
}
