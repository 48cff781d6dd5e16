import type { Express } from 'express';

export function createApp(options?: { compare?: import('kit-endpoints').CompareOptions }): Express;
