import { createCookieJar, type CookieJar, type CookieRules } from '../cookies/index.js';
import type { Incoming } from './incoming.js';

const NONE: readonly string[] = Object.freeze([]);

/** How a request's cookie jar is made: the same for every request of an app. */
export interface CookieSettings {
	dev: boolean;
	rules: CookieRules;
	/** SvelteKit's error for `cookies.set` after the response */
	lockedError?: () => Error;
}

/**
 * What the steps of one request share. The URL and the cookie jar are built only if something
 * asks for them: most endpoints never read a cookie.
 */
export class RequestScope {
	readonly incoming: Incoming;
	readonly #cookies: CookieSettings;
	#url: URL | undefined;
	#jar: CookieJar | undefined;
	#generated = false;

	constructor(incoming: Incoming, cookies: CookieSettings) {
		this.incoming = incoming;
		this.#cookies = cookies;
	}

	/** may throw the 400 RequestError of a request without a usable host */
	url(): URL {
		return (this.#url ??= this.incoming.url());
	}

	jar(): CookieJar {
		if (!this.#jar) {
			this.#jar = createCookieJar(this.incoming.header('cookie'), this.url(), this.#cookies);
			// first touched after the response: set() must throw as it would have
			if (this.#generated) this.#jar.lock();
		}
		return this.#jar;
	}

	/** the Set-Cookie lines of the cookies set so far; none if nobody opened the jar */
	setCookieLines(): readonly string[] {
		return this.#jar ? this.#jar.setCookieHeaders() : NONE;
	}

	/** the response is generated: from now on cookies cannot be set */
	lock(): void {
		this.#generated = true;
		this.#jar?.lock();
	}
}
