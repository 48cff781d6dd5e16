import type { Express } from 'express';

export function createApp(): Express;
