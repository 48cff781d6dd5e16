import type { CompareOptions } from 'kit-endpoints';

export function compareOptions(log?: (line: string) => void): CompareOptions;
