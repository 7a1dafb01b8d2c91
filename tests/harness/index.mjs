// index.mjs - the test harness in one import.
export * from './env.mjs';
export * from './html.mjs';
export * from './client.mjs';
export * from './admin.mjs';
export * from './stack.mjs';
