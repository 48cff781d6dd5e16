// Types for the tests, which import the store to watch its listeners.
export interface Todo {
	id: number;
	text: string;
	by: string;
}

export function list(): Todo[];
export function add(text: string, by: string): Todo;
export function subscribe(listener: (todo: Todo) => void): () => void;
export function listenerCount(): number;
