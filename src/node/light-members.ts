/** What the light Response and Request share: the members they leave to the real object. */

/** A light stand-in for one of undici's classes, which makes the real object on first need. */
interface StandIn {
	real(): object;
}

/**
 * Gives `light` every member of `native` it does not define itself, served by the real object,
 * and puts `native` behind it, so that `instanceof` and Symbol.toStringTag hold. Whatever this
 * Node's class has is covered: a release that adds a member adds it here too.
 */
export function standIn(light: object, native: object): void {
	for (const name of Reflect.ownKeys(native)) {
		if (name === 'constructor' || Object.hasOwn(light, name)) continue;
		const member = Object.getOwnPropertyDescriptor(native, name)!;
		if (member.get) {
			Object.defineProperty(light, name, {
				get(this: StandIn) {
					return Reflect.get(native, name, this.real()) as unknown;
				},
				configurable: true,
				enumerable: member.enumerable
			});
		} else if (typeof member.value === 'function') {
			const method = member.value as (...args: unknown[]) => unknown;
			Object.defineProperty(light, name, {
				value(this: StandIn, ...args: unknown[]) {
					return method.apply(this.real(), args);
				},
				configurable: true,
				writable: true,
				enumerable: member.enumerable
			});
		}
	}
	Object.setPrototypeOf(light, native);
}
