import type Koa from 'koa';

export function createApp(): Koa;
