// The todo list, shared by the legacy page and the +server.js routes. It lives in memory,
// so a restart empties it: the example is about the routes, not the storage.

/** @typedef {{ id: number, text: string, by: string }} Todo */

/** @type {Todo[]} */
const todos = [];
/** @type {Set<(todo: Todo) => void>} */
const listeners = new Set();
let nextId = 1;

export function list() {
	return todos.slice();
}

/**
 * @param {string} text
 * @param {string} by
 */
export function add(text, by) {
	const todo = { id: nextId++, text, by };
	todos.push(todo);
	for (const listener of listeners) listener(todo);
	return todo;
}

/**
 * Calls `listener` with every todo added from now on, until the returned function is called.
 * @param {(todo: Todo) => void} listener
 */
export function subscribe(listener) {
	listeners.add(listener);
	return () => {
		listeners.delete(listener);
	};
}

/** How many are listening: lets the tests see that a closed stream unsubscribed. */
export function listenerCount() {
	return listeners.size;
}
