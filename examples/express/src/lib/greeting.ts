export function greet(name: string, version: string): string {
	return `Hello, ${name}! (app version ${version})`;
}
